/**
 * `npm run import -- <files or folders> [--dry-run] [--update] [--category-map FILE] [--root DIR]`
 * Imports saved pages of an association's old website as reports. See docs/import.md.
 */
import { main } from '../src/importer/cli.ts';

process.exitCode = await main(process.argv.slice(2));
