/** Saves text as a file through the browser's download, from a click. */
export function download(name: string, type: string, text: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  // The download has started from the click; revoking later leaves it time to read the blob in every browser.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
