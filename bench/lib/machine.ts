import { arch, cpus, platform, totalmem } from 'node:os';

/** One line describing where a benchmark ran, for the section heading of its results. */
export function machineDescription(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim().replace(/\s+/g, ' ') || 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${cores.length} cores, ${memoryGiB} GiB RAM, Node ${process.version}, ${platform()}/${arch()}`;
}
