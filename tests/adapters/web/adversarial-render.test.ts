import { describeAdversarialRenderContract } from '../adversarial-render-contract.ts';
import { webRenderHarness } from '../render-harnesses.ts';

describeAdversarialRenderContract('web archive (edition pages over the archive site)', webRenderHarness);
