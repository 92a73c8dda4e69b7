import { Menu } from 'antd';
import { navigate, type Area } from '../../app/routes';
import { NAV_ITEMS, navKeyOf } from './navItems';

export function NavMenu({ bookId, area, sub }: { bookId: string; area: Area; sub: readonly string[] }) {
  return (
    <Menu
      mode="inline"
      selectedKeys={[navKeyOf(area, sub)]}
      style={{ borderInlineEnd: 'none' }}
      items={NAV_ITEMS.map((item) => ({ key: item.key, icon: item.icon, label: item.label }))}
      onClick={({ key }) => {
        const item = NAV_ITEMS.find((candidate) => candidate.key === key);
        if (item) navigate({ name: 'book', bookId, area: item.area, sub: item.sub });
      }}
    />
  );
}
