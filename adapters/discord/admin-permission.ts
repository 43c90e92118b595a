import { PermissionsBitField, type PermissionsString } from 'discord.js';
import { ConfigError } from '../../src/errors.ts';

/** `discord.adminPermission` from the config as a Discord permission, or a config error naming the key. */
export function resolveAdminPermission(name: string): PermissionsString {
  try {
    PermissionsBitField.resolve(name as PermissionsString);
  } catch {
    throw new ConfigError([`discord.adminPermission: "${name}" is not a Discord permission name`], 'Use a PermissionFlagsBits name such as ManageGuild, ManageChannels or Administrator.');
  }
  return name as PermissionsString;
}
