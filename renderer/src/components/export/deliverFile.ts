import type { ExportedFile, FileBridge } from '../../../../shared/api/exportCommands';

declare global {
  interface Window {
    /** Set by the Electron preload: save dialogs for exported files. Absent in browser mode. */
    xiangcaiFiles?: FileBridge;
  }
}

export type Delivery = { saved: true; where: string } | { saved: false; error: string | null };

/**
 * Hands a file the core exported to the user: in Electron a save dialog (main process), in
 * browser mode a download from the host (`/api/download/<id>`, the token travels as the page's
 * HttpOnly cookie) that the browser saves under the Chinese file name.
 */
export async function deliverFile(file: ExportedFile): Promise<Delivery> {
  if (window.xiangcaiFiles) {
    const result = await window.xiangcaiFiles.saveExport(file.id, file.fileName);
    return result.saved ? { saved: true, where: result.path ?? file.fileName } : { saved: false, error: result.error };
  }
  const link = document.createElement('a');
  link.href = `/api/download/${encodeURIComponent(file.id)}`;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  return { saved: true, where: file.fileName };
}
