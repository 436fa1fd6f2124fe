/** Hands bytes or text to the browser as a file download (the browser host has no save dialog; Electron asks where). */
export function downloadBlob(parts: BlobPart[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL by then; a minute is ample before it goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
