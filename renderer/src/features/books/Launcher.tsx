import { useEffect, useState, type ReactNode } from 'react';
import type { Book } from '../../../../shared/api';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';
import { useCommand } from '../../api/useCommand';
import { preloadAntdScreens } from '../../app/lazyScreens';
import { getLastBookId } from '../../app/lastBook';
import { navigate } from '../../app/routes';
import { regionLabel, startPeriodLabel } from './bookLabels';
import { openBook } from './openBook';
import { PlainLoading } from './PlainLoading';
import './launcher.css';

/**
 * The first screen: the 账套 list, in plain React and CSS so it is usable as soon as
 * the core answers. On first run (no 账套) it hands over to the 建账 wizard.
 */
export function Launcher({ renderFirstRun }: { renderFirstRun: () => ReactNode }) {
  const books = useCommand('book.list', {});
  // Another window (or browser tab) may create a 账套 while this list is open.
  useEffect(() => api.subscribe((event) => event.name === 'book.created' && books.reload()), [books.reload]);
  useEffect(() => {
    if (books.status === 'ok' && books.data.length > 0) preloadAntdScreens();
  }, [books.status]);

  if (books.status === 'loading') return <PlainLoading text="正在读取账套…" />;
  if (books.status === 'error') {
    return (
      <LauncherFrame subtitle="无法读取账套列表">
        <div className="xc-launcher-error" role="alert">
          <p>{errorMessage(books.error)}</p>
          <button type="button" className="xc-btn xc-btn-primary" onClick={books.reload}>
            重试
          </button>
        </div>
      </LauncherFrame>
    );
  }
  if (books.data.length === 0) return renderFirstRun();
  return <BookList books={books.data} />;
}

function LauncherFrame({ subtitle, children }: { subtitle: string; children: ReactNode }) {
  return (
    <div className="xc-launcher">
      <div className="xc-launcher-inner">
        <div className="xc-launcher-title">
          <h1>乡财通</h1>
          <span>{subtitle}</span>
        </div>
        {children}
      </div>
    </div>
  );
}

function BookList({ books }: { books: Book[] }) {
  const [selectedId, setSelectedId] = useState<string>(() => {
    const last = getLastBookId();
    return books.some((b) => b.id === last) ? (last as string) : (books[0]?.id ?? '');
  });

  return (
    <LauncherFrame subtitle="选择要打开的账套">
      <section className="xc-card">
        <header>
          <span>本机账套（{books.length}）</span>
          <button type="button" className="xc-btn" data-testid="new-book" onClick={() => navigate({ name: 'newBook' })}>
            新建账套
          </button>
        </header>
        <table className="xc-table">
          <thead>
            <tr>
              <th style={{ width: 32 }} aria-label="选择" />
              <th>单位名称</th>
              <th style={{ width: 170 }}>财政区划</th>
              <th style={{ width: 90 }}>单位类型</th>
              <th style={{ width: 110 }}>启用期间</th>
              <th style={{ width: 70 }} className="xc-right">
                科目数
              </th>
              <th style={{ width: 90 }}>会计主管</th>
              <th style={{ width: 70 }}>操作</th>
            </tr>
          </thead>
          <tbody>
            {books.map((book) => (
              <tr
                key={book.id}
                data-row-key={book.id}
                className={book.id === selectedId ? 'xc-selected' : undefined}
                onClick={() => setSelectedId(book.id)}
                onDoubleClick={() => openBook(book.id)}
              >
                <td>
                  <input
                    type="radio"
                    name="book"
                    aria-label={book.name}
                    checked={book.id === selectedId}
                    onChange={() => setSelectedId(book.id)}
                    onKeyDown={(event) => event.key === 'Enter' && openBook(book.id)}
                  />
                </td>
                <td>{book.name}</td>
                <td>{regionLabel(book.regionCode)}</td>
                <td>{book.unitType}</td>
                <td>{startPeriodLabel(book)}</td>
                <td className="xc-right xc-num">{book.accountCount}</td>
                <td>{book.supervisor}</td>
                <td>
                  <button
                    type="button"
                    className="xc-link"
                    data-testid={`book-open-${book.id}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      openBook(book.id);
                    }}
                  >
                    打开
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <footer>
          <span className="xc-muted">双击一行，或选中后按回车，也可打开账套</span>
          <button type="button" className="xc-btn xc-btn-primary" disabled={!selectedId} onClick={() => openBook(selectedId)}>
            打开所选账套
          </button>
        </footer>
      </section>
    </LauncherFrame>
  );
}
