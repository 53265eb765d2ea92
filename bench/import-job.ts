/**
 * The asynchronous staff import: a real 5,000-row file posted to
 * `POST …/staff/imports` (checked and stored: wall time, heap), then the
 * queue's worker writing its rows in slices of IMPORT_SLICE_MS, observed
 * through `GET …/staff/imports/{id}` until BENCH_IMPORT_JOB_ROWS rows
 * (default 1,000) are written, or the job ends when that is 5,000: rows per
 * second and the process's peak heap and RSS throughout (the worker runs in
 * this process). A whole 5,000-row run takes ~20 minutes at the local rate,
 * so by default the time for the file is extrapolated from the rows
 * measured, and the report says so.
 */
import { loadavg } from 'node:os';
import { getImportJob } from '#shared/data/repositories/staff-imports.js';
import { MAX_IMPORT_ROWS } from '#shared/domain/staff/import.js';
import { IMPORT_SLICE_MS, importSliceMs } from '#shared/domain/staff/import-slice.js';
import { call, freshSalon, importFile, type Measured, measure } from './import.js';
import type { BenchService } from './lib/local-service.js';
import { markdownTable } from './lib/markdown.js';

const MiB = 1024 * 1024;

export interface ImportJobBenchResult {
  post: Measured;
  bodyBytes: number;
  chunks: number;
  jobItemBytes: number;
  observedRows: number;
  seconds: number;
  rowsPerSecond: number;
  slices: number;
  finished: boolean;
  peakHeapMiB: number;
  peakRssMiB: number;
  loadAverage: number[];
  sliceMs: number;
}

function rowsToObserve(): number {
  const raw = process.env.BENCH_IMPORT_JOB_ROWS ?? '1000';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > MAX_IMPORT_ROWS) throw new Error(`BENCH_IMPORT_JOB_ROWS must be an integer from 10 to ${MAX_IMPORT_ROWS}, got ${raw}`);
  return n;
}

export async function runImportJobBenchmark(service: BenchService): Promise<ImportJobBenchResult> {
  const loadAverage = loadavg();
  const wanted = rowsToObserve();
  const salon = await freshSalon(service, 'job');
  const file = importFile(salon.levelId);
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const { heapUsed, rss } = process.memoryUsage();
    peakHeap = Math.max(peakHeap, heapUsed);
    peakRss = Math.max(peakRss, rss);
  };
  const sampler = setInterval(sample, 20);
  try {
    const receivedBefore = service.stack.importQueue.received;
    console.log(`import job: POST ${MAX_IMPORT_ROWS} rows (${file.length} bytes) ...`);
    let id = '';
    const post = await measure(`POST …/staff/imports, ${MAX_IMPORT_ROWS} new rows`, async () => {
      const response = await call(service, 'POST', `/v1/tenants/${salon.tenantId}/staff/imports?partial=false`, { token: salon.token, csv: file });
      const body = JSON.parse(response.text) as { id: string; status: string; remaining: number };
      id = body.id;
      return { status: response.status, outcome: `${body.status}, ${body.remaining} rows to write` };
    });
    const stored = await getImportJob(salon.tenantId, id);
    console.log(`import job: ${id}, watching the worker write ${wanted} rows ...`);
    let job: { status: string; created: number; startedAt?: string } = { status: 'queued', created: 0 };
    let lastLog = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = JSON.parse((await call(service, 'GET', `/v1/tenants/${salon.tenantId}/staff/imports/${id}`, { token: salon.token })).text);
      if (job.created - lastLog >= 100) {
        lastLog = job.created;
        console.log(`  ${job.created} rows written`);
      }
      if (job.created >= wanted || job.status === 'succeeded' || job.status === 'failed') break;
    }
    sample();
    const seconds = (Date.now() - Date.parse(job.startedAt ?? new Date().toISOString())) / 1000;
    return {
      post,
      bodyBytes: Buffer.byteLength(file),
      chunks: stored?.chunkStarts.length ?? 0,
      jobItemBytes: Buffer.byteLength(JSON.stringify(stored ?? {})),
      observedRows: job.created,
      seconds,
      rowsPerSecond: job.created / Math.max(seconds, 0.001),
      slices: service.stack.importQueue.received - receivedBefore,
      finished: job.status === 'succeeded',
      peakHeapMiB: peakHeap / MiB,
      peakRssMiB: peakRss / MiB,
      loadAverage,
      sliceMs: importSliceMs(),
    };
  } finally {
    clearInterval(sampler);
  }
}

export function importJobReport(r: ImportJobBenchResult): string {
  const whole = MAX_IMPORT_ROWS / Math.max(r.rowsPerSecond, 0.001);
  const table = markdownTable(
    ['phase', 'rows', 'wall time', 'rows/s', 'peak heap', 'peak RSS', 'outcome'],
    [
      [r.post.name, String(MAX_IMPORT_ROWS), `${r.post.seconds.toFixed(2)} s`, '—', `${r.post.peakHeapMiB.toFixed(0)} MiB`, '—', `${r.post.status}: ${r.post.outcome}; ${r.chunks} chunk items, job item ${(r.jobItemBytes / 1024).toFixed(1)} KiB`],
      [
        `worker, ${r.finished ? 'the whole job' : `the first ${r.observedRows} rows`} (${r.slices} slice messages of ${r.sliceMs / 1000} s)`,
        String(r.observedRows),
        `${r.seconds.toFixed(0)} s`,
        r.rowsPerSecond.toFixed(1),
        `${r.peakHeapMiB.toFixed(0)} MiB`,
        `${r.peakRssMiB.toFixed(0)} MiB`,
        r.finished ? 'succeeded' : 'still running (measurement stopped)',
      ],
    ],
  );
  return [
    `Through the local service (DynamoDB Local in memory, the worker on the in-process queue, all in this process). Import body ${(r.bodyBytes / 1024).toFixed(0)} KiB for ${MAX_IMPORT_ROWS} rows. Load average at the start: ${r.loadAverage.map((value) => value.toFixed(2)).join(' / ')}. Peak heap and RSS: the whole process (DynamoDB Local is a separate JVM, not counted), sampled every 20 ms from the POST to the last observation.`,
    '',
    table,
    '',
    r.finished
      ? `The whole ${MAX_IMPORT_ROWS}-row job took **${r.seconds.toFixed(0)} s** here (**${r.rowsPerSecond.toFixed(1)} rows/s**).`
      : `**Extrapolated, not measured:** at ${r.rowsPerSecond.toFixed(1)} rows/s the whole ${MAX_IMPORT_ROWS}-row file takes about **${(whole / 60).toFixed(0)} minutes** here (${Math.ceil(whole / (IMPORT_SLICE_MS / 1000))} slices of ${IMPORT_SLICE_MS / 1000} s); the rate is that of the first ${r.observedRows} rows (BENCH_IMPORT_JOB_ROWS=${MAX_IMPORT_ROWS} measures the whole file).`,
  ].join('\n');
}
