import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/**
 * Commands beyond the four of the contract's first table live in their own modules here, each
 * exporting `register(program, context)`; add them to the list.
 */
const modules: Array<(program: Command, context: CommandContext) => void> = [];

export function registerCommands(program: Command, context: CommandContext): void {
  for (const register of modules) register(program, context);
}
