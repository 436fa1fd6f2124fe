const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Shown in place of a dead renderer, so the window is never blank. No script
 * (CSP default-src 'none'); the Reload button lives in the dialog shown with
 * it and in View → Reload.
 */
export function crashPageUrl(reason: string): string {
  const html = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<title>Checkpoint Inspector</title></head>
<body><h1>The window stopped unexpectedly</h1>
<p>Reason: ${escapeHtml(reason.slice(0, 80))}</p>
<p>Choose <b>Reload</b> in the dialog or in the View menu (Ctrl+R). Archives stay open.</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
