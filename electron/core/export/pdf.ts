/**
 * Turns a print document (shared/print) into a PDF file. The core never launches a browser
 * itself: browser mode's host gives it Chromium through playwright (electron/host/pdf.ts),
 * Electron gives it a hidden window's webContents.printToPDF (electron/main/pdf.ts). Both
 * honour the documents' own `@page` size (preferCSSPageSize).
 */
export interface PdfRenderer {
  render(html: string, file: string): Promise<void>;
  close?(): Promise<void>;
}
