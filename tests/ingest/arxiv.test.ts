import { describe, expect, it } from 'vitest';
import { arxivPaper } from '../../src/ingest/arxiv.ts';

describe('arxivPaper', () => {
  it('maps abstract and PDF links, any version, to the HTML full text and the abstract page', () => {
    expect(arxivPaper('https://arxiv.org/abs/2401.12345v2')).toEqual({ id: '2401.12345v2', htmlUrl: 'https://arxiv.org/html/2401.12345v2', abstractUrl: 'https://arxiv.org/abs/2401.12345v2' });
    expect(arxivPaper('http://export.arxiv.org/abs/2401.12345')!.htmlUrl).toBe('https://arxiv.org/html/2401.12345');
    expect(arxivPaper('https://www.arxiv.org/pdf/2401.12345v1.pdf')!.htmlUrl).toBe('https://arxiv.org/html/2401.12345v1');
    expect(arxivPaper('https://arxiv.org/abs/0704.0001?context=cs#x')!.id).toBe('0704.0001');
    expect(arxivPaper('https://arxiv.org/abs/hep-th/9901001v3')!.htmlUrl).toBe('https://arxiv.org/html/hep-th/9901001v3');
    expect(arxivPaper('https://arxiv.org/abs/math.GT/0309136')!.id).toBe('math.GT/0309136');
  });

  it('leaves every other link alone', () => {
    for (const url of ['https://arxiv.org/list/cs.AI/recent', 'https://arxiv.org/html/2401.12345', 'https://notarxiv.org/abs/2401.12345', 'https://arxiv.org/abs/../../etc', 'ftp://arxiv.org/abs/2401.12345', 'not a url']) {
      expect(arxivPaper(url)).toBeNull();
    }
  });
});
