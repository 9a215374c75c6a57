/** `--name value` from the command line, shared by every benchmark (bench/all.ts passes one argv to all). */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
