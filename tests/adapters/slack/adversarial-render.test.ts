import { describeAdversarialRenderContract } from '../adversarial-render-contract.ts';
import { slackRenderHarness } from '../render-harnesses.ts';

describeAdversarialRenderContract('slack (real WebClient against the fake)', slackRenderHarness);
