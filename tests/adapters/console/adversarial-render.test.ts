import { describeAdversarialRenderContract } from '../adversarial-render-contract.ts';
import { consoleRenderHarness } from '../render-harnesses.ts';

describeAdversarialRenderContract('console', consoleRenderHarness);
