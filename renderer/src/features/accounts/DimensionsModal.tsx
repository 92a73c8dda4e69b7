import { useEffect, useState } from 'react';
import { Alert, Checkbox, Modal, Typography } from 'antd';
import type { Account } from '../../../../shared/api';
import { DIMENSION_KEYS, DIMENSION_LABELS, type DimensionKey } from '../../../../shared/domain/ledger';
import { errorMessage } from '../../api/errorMessage';

/**
 * 辅助核算设置: which dimensions a voucher line on this account must carry. The voucher rules
 * check them on every save; budget accounts (7xxx) default to 功能分类 + 部门经济分类.
 */
export function DimensionsModal({ account, pathName, afterClose, onCancel, onSubmit }: { account: Account | null; pathName: string; afterClose?: () => void; onCancel: () => void; onSubmit: (dims: DimensionKey[]) => Promise<void> }) {
  const [value, setValue] = useState<DimensionKey[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (account) {
      setValue([...account.requiredDims]);
      setError(null);
    }
  }, [account]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(DIMENSION_KEYS.filter((k) => value.includes(k)));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={account !== null}
      title="辅助核算设置"
      okText="保存"
      okButtonProps={{ 'data-testid': 'account-dims-ok' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onCancel}
      afterClose={afterClose}
      destroyOnHidden
      width={460}
    >
      {account && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {account.code} {pathName}：记入此科目的凭证行必须填写下列勾选的辅助核算项。
            {account.isLeaf ? '' : '（本科目有下级，设置对直接记入本科目的行有效；通常应在末级科目上设置。）'}
          </Typography.Paragraph>
          <Checkbox.Group<DimensionKey>
            data-testid="account-dims"
            value={value}
            onChange={setValue}
            options={DIMENSION_KEYS.map((k) => ({ value: k, label: DIMENSION_LABELS[k] }))}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', rowGap: 6 }}
          />
        </>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
