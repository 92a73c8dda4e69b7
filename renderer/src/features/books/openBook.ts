import { setLastBookId } from '../../app/lastBook';
import { navigate } from '../../app/routes';

/** Opens a 账套 at its 会计科目 page and remembers it for the next start. */
export function openBook(bookId: string): void {
  setLastBookId(bookId);
  navigate({ name: 'book', bookId, area: 'accounts' });
}
