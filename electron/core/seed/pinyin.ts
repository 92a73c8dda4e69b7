/**
 * 拼音首字母 of an account name, one letter per Chinese character, digits and
 * Latin letters kept, punctuation dropped: 零余额账户用款额度 → lyezhyked.
 * pinyin-pro is loaded lazily: only 建账 and chart maintenance need it, start-up does not.
 */
export async function pinyinInitialsOf(names: readonly string[]): Promise<string[]> {
  const { pinyin } = await import('pinyin-pro');
  return names.map((name) =>
    (pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[])
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
}
