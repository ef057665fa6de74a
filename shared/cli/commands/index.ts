import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { register as registerAlerts } from './alerts.js';
import { register as registerWatches } from './watches.js';
import { register as registerImport } from './import.js';
import { register as registerServe } from './serve.js';

/**
 * Commands beyond the four of the contract's first table live in their own modules here, each
 * exporting `register(program, context)`; add them to the list.
 */
const modules: Array<(program: Command, context: CommandContext) => void> = [registerAlerts, registerWatches, registerImport, registerServe];

export function registerCommands(program: Command, context: CommandContext): void {
  for (const register of modules) register(program, context);
}
