import { Menu } from 'antd';
import { navigate, type Area } from '../../app/routes';
import { NAV_ITEMS } from './navItems';

export function NavMenu({ bookId, area }: { bookId: string; area: Area }) {
  return (
    <Menu
      mode="inline"
      selectedKeys={[area]}
      style={{ borderInlineEnd: 'none' }}
      items={NAV_ITEMS.map((item) => ({ key: item.area, icon: item.icon, label: item.label }))}
      onClick={({ key }) => navigate({ name: 'book', bookId, area: key as Area })}
    />
  );
}
