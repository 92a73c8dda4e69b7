/**
 * Prints a document rendered by the core (print.html) from a hidden frame of this page, so the
 * browser's (or Electron's) own print dialog opens with the document's paper size; choosing
 * “另存为PDF” there works too. The frame goes away after printing.
 */
export function printInFrame(html: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.dataset.testid = 'print-frame';
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    let done = false;
    const cleanup = () => setTimeout(() => frame.remove(), 60_000);
    frame.onload = () => {
      if (done) return;
      done = true;
      const view = frame.contentWindow;
      if (!view) {
        frame.remove();
        reject(new Error('无法打开打印页面'));
        return;
      }
      view.addEventListener('afterprint', () => frame.remove(), { once: true });
      // Let the fonts settle before the print dialog takes its snapshot.
      void view.document.fonts.ready.then(() => {
        view.focus();
        view.print();
        cleanup();
        resolve();
      });
    };
    frame.srcdoc = html;
    document.body.appendChild(frame);
  });
}
