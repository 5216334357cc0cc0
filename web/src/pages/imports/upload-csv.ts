import { z } from 'zod';
import { ApiError } from '../../api.ts';

const Problem = z.object({ title: z.string(), detail: z.string().optional() });

/**
 * POST a file as the raw text/csv body with upload progress (fetch has none); resolves with the
 * parsed JSON answer, rejects with an ApiError for a problem answer.
 */
export function uploadCsv(url: string, file: Blob, onProgress: (share: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const problem = Problem.safeParse(body);
      reject(
        new ApiError(
          xhr.status,
          problem.success ? problem.data.title : xhr.statusText,
          problem.success ? problem.data.detail : undefined,
        ),
      );
    };
    xhr.onerror = () => reject(new Error('The upload failed — check the connection and try again.'));
    xhr.send(file);
  });
}

/** The `map=` query parameter of the column overrides (header → field, '' skips). */
export function mapParam(overrides: Record<string, string>): string {
  const pairs = Object.entries(overrides).map(([h, f]) => `${h}=${f}`);
  return pairs.length ? `map=${encodeURIComponent(pairs.join(','))}` : '';
}

const SAMPLE_BYTES = 256 * 1024;

/**
 * About how many data rows a CSV file holds, from the line breaks in its first 256 KB scaled to its
 * size (byte 0x0A counts lines in UTF-8 and UTF-16 alike; quoted line breaks make it approximate).
 */
export async function estimateRows(file: File): Promise<number | null> {
  if (file.size === 0) return null;
  const sample = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  let lines = 0;
  for (const byte of sample) if (byte === 10) lines += 1;
  if (sample.length > 0 && sample[sample.length - 1] !== 10 && file.size <= SAMPLE_BYTES) lines += 1;
  if (lines <= 1) return null;
  const scaled = file.size <= SAMPLE_BYTES ? lines : Math.round((lines * file.size) / sample.length);
  return Math.max(1, scaled - 1);
}

const PREVIEW_BYTES = 1024 * 1024;

/**
 * The head of a file for the preview (which shows the first 20 rows): at most 1 MB, cut after its last
 * line break (and the NUL of a UTF-16 LE one), so a big file is not uploaded twice.
 */
export async function previewSlice(file: File): Promise<Blob> {
  if (file.size <= PREVIEW_BYTES) return file;
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const newline = head.lastIndexOf(10);
  if (newline < 0) return file;
  // UTF-16 LE: the line break is 0A 00 with 0A at an even offset (BE has 00 0A, 0A at an odd one).
  const end = newline % 2 === 0 && head[newline + 1] === 0 ? newline + 2 : newline + 1;
  return new Blob([head.slice(0, end)], { type: file.type });
}
