/** Platform length limits in one place; adapters split or trim long text with them. */
export const PLATFORM_LIMITS = {
  discord: {
    content: 2000,
    embedTitle: 256,
    embedDescription: 4096,
    fieldName: 256,
    fieldValue: 1024,
    footerText: 2048,
    embedTotal: 6000,
    embedFields: 25,
    threadName: 100,
  },
  slack: {
    sectionText: 3000,
    sectionFields: 10,
    sectionFieldText: 2000,
    headerText: 150,
    blocks: 50,
    contextElements: 10,
    fallbackText: 40000,
  },
  console: {},
} as const;

export type PlatformLimits = typeof PLATFORM_LIMITS;
