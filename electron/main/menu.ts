import { app, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { log } from './log';

interface MenuContext {
  dataDir: string;
  /** Reload and devtools only while developing: a reload drops unsaved form input. */
  development: boolean;
}

export function installApplicationMenu(context: MenuContext): void {
  const viewItems: MenuItemConstructorOptions[] = [
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ];
  if (context.development) {
    viewItems.push(
      { type: 'separator' },
      { role: 'reload', label: '重新加载' },
      { role: 'toggleDevTools', label: '开发者工具' },
    );
  }

  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [
        {
          label: '打开数据目录',
          click: () => {
            void shell.openPath(context.dataDir).then((problem) => {
              if (problem) log.warn('open data directory failed', problem);
            });
          },
        },
        { type: 'separator' },
        { role: 'quit', label: '退出' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    { label: '视图', submenu: viewItems },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于乡财通',
          click: () => {
            void dialog.showMessageBox({
              type: 'info',
              title: '关于乡财通',
              message: `乡财通 ${app.getVersion()}`,
              detail: [
                '乡镇财政所预算与政府会计一体化桌面应用（离线优先）',
                `数据目录：${context.dataDir}`,
                `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
              ].join('\n'),
              buttons: ['确定'],
              noLink: true,
            });
          },
        },
      ],
    },
  ];

  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
