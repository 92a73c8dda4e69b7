/** A loading line without antd, for the first screen. */
export function PlainLoading({ text }: { text: string }) {
  return (
    <div className="xc-launcher-loading" role="status">
      {text}
    </div>
  );
}
