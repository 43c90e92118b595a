import { describeAdversarialRenderContract } from '../adversarial-render-contract.ts';
import { discordRenderHarness } from '../render-harnesses.ts';

describeAdversarialRenderContract('discord (real discord.js Client against the fake)', discordRenderHarness);
