/**
 * Files the API answers behind the admin key (labels, CSV exports): a plain link would not send the
 * key, so the file is fetched with it and handed to the browser's downloads under the server's name.
 */
import { request } from '../api.js';

export interface DownloadedFile {
  readonly name: string;
  readonly blob: Blob;
}

/** An answer of the API as a file, named as the server's content-disposition says, else `fallbackName`. */
export async function fetchFile(
  method: string,
  path: string,
  fallbackName: string,
  body?: unknown,
): Promise<DownloadedFile> {
  const response = await request(method, path, body);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { name: named ?? fallbackName, blob: await response.blob() };
}

/** Hands the file to the browser's downloads, as a link to it clicked would. */
export function save(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked at once, the URL could be gone before the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
