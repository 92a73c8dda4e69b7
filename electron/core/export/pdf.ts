import { writeFile } from 'node:fs/promises';
import { splitDocument } from '../../../shared/print/html';

/**
 * Turns a print document (shared/print) into PDF bytes. The core never launches a browser
 * itself: browser mode's host gives it Chromium through playwright (electron/host/pdf.ts),
 * Electron gives it a hidden window's webContents.printToPDF (electron/main/files.ts). Both
 * honour the documents' own `@page` size (preferCSSPageSize).
 */
export interface PdfRenderer {
  toPdf(html: string): Promise<Uint8Array>;
  close?(): Promise<void>;
}

/** Sheets per Chromium print job; see splitDocument for why long documents are cut. */
export const SHEETS_PER_PART = 150;

/**
 * Prints `html` to `file`: in parts of SHEETS_PER_PART sheets, two at a time, joined in order
 * into one PDF (pdf-lib) whose pages are the document's sheets.
 */
export async function writePdf(renderer: PdfRenderer, html: string, file: string, sheetsPerPart = SHEETS_PER_PART): Promise<number> {
  const parts = splitDocument(html, sheetsPerPart);
  const rendered: Uint8Array[] = new Array(parts.length);
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const index = next++;
      rendered[index] = await renderer.toPdf(parts[index]!);
    }
  };
  await Promise.all([worker(), worker()]);
  if (rendered.length === 1) {
    await writeFile(file, rendered[0]!);
    return countPages(rendered[0]!);
  }
  const { PDFDocument } = await import('pdf-lib');
  const joined = await PDFDocument.create();
  for (const bytes of rendered) {
    const part = await PDFDocument.load(bytes);
    for (const page of await joined.copyPages(part, part.getPageIndices())) joined.addPage(page);
  }
  const first = await PDFDocument.load(rendered[0]!);
  joined.setTitle(first.getTitle() ?? '');
  joined.setProducer('乡财通');
  await writeFile(file, await joined.save());
  return joined.getPageCount();
}

async function countPages(bytes: Uint8Array): Promise<number> {
  const { PDFDocument } = await import('pdf-lib');
  return (await PDFDocument.load(bytes)).getPageCount();
}
