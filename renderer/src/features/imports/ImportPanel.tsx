import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Input, Progress, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Book, User } from '../../../../shared/api';
import type { ImportKind, ImportPreview, ImportRunInput } from '../../../../shared/api/importCommands';
import { IMPORT_KIND_LABELS } from '../../../../shared/domain/imports/layouts';
import { CommandError } from '../../../../shared/api';
import { errorMessage } from '../../api/errorMessage';
import { hasRole } from '../../api/session';
import { api } from '../../api/transport';
import { deliverFile } from '../../components/export/deliverFile';
import { PreviewTable } from './PreviewTable';
import { uploadFile } from './uploadFile';

interface Chosen {
  fileName: string;
  uploadId: string;
}

/**
 * One import: 下载模板 → 选择文件 (sent in pages) → preview with every row's errors →
 * 确认导入 (one transaction; refused as a whole when any row is wrong).
 */
export function ImportPanel({ book, user, kind, height, exportButton }: { book: Book; user: User; kind: ImportKind; height: number; exportButton?: ReactNode }) {
  const { message, modal } = App.useApp();
  const picker = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<'template' | 'preview' | 'apply' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [post, setPost] = useState(false);
  const [reason, setReason] = useState('');
  const [issueDate, setIssueDate] = useState<Dayjs>(() => (dayjs().year() === book.startYear ? dayjs() : dayjs(`${book.startYear}-01-01`)));
  const label = IMPORT_KIND_LABELS[kind];
  const canPost = hasRole(user, 'supervisor') && !hasRole(user, 'cashier');

  function runInput(uploadId: string): ImportRunInput {
    switch (kind) {
      case 'vouchers':
        return { kind, bookId: book.id, uploadId, post, ...(reason.trim().length >= 2 ? { parallelReason: reason.trim() } : {}) };
      case 'indicators':
        return { kind, bookId: book.id, uploadId, issueDate: issueDate.format('YYYY-MM-DD') };
      default:
        return { kind, bookId: book.id, uploadId };
    }
  }

  async function template() {
    setBusy('template');
    try {
      const file = await api.send('imports.template', { bookId: book.id, kind });
      const delivered = await deliverFile(file);
      if (delivered.saved) message.success(`已下载 ${file.fileName}`);
      else if (delivered.error) message.error(delivered.error);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  async function check(upload: Chosen) {
    setBusy('preview');
    setFailure(null);
    try {
      setPreview(await api.send('imports.preview', runInput(upload.uploadId)));
    } catch (error) {
      setPreview(null);
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  async function choose(file: File) {
    setPreview(null);
    setFailure(null);
    setProgress(0);
    try {
      const uploadId = await uploadFile(file, setProgress);
      const next = { fileName: file.name, uploadId };
      setChosen(next);
      await check(next);
    } catch (error) {
      setChosen(null);
      setFailure(error instanceof CommandError ? error.message : errorMessage(error));
    } finally {
      setProgress(null);
    }
  }

  async function apply() {
    if (!chosen || !preview) return;
    setBusy('apply');
    try {
      const result = await api.send('imports.apply', runInput(chosen.uploadId));
      modal.success({ title: `${label}导入完成`, content: `${result.fileName}：${result.summary}` });
      setChosen(null);
      setPreview(null);
    } catch (error) {
      message.error(errorMessage(error));
      // The book may have changed since the preview (or the file expired): check again.
      if (error instanceof CommandError && error.code === 'RULE_VIOLATION') await check(chosen);
    } finally {
      setBusy(null);
    }
  }

  // The preview says what apply would do with these options: 直接记账 and the 下达日期 change it.
  const issueDay = issueDate.format('YYYY-MM-DD');
  const optionsKey = `${post}|${issueDay}`;
  const checkedWith = useRef(optionsKey);
  useEffect(() => {
    if (checkedWith.current === optionsKey) return;
    checkedWith.current = optionsKey;
    if (chosen) void check(chosen);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [optionsKey]);

  const blocked = !preview || !preview.canApply || (preview.needsReason && reason.trim().length < 2);
  return (
    <div data-testid={`import-panel-${kind}`}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Button size="small" icon={<DownloadOutlined />} loading={busy === 'template'} onClick={() => void template()} data-testid="import-template">
          下载模板
        </Button>
        <Button size="small" type="primary" ghost icon={<UploadOutlined />} disabled={progress !== null || busy !== null} onClick={() => picker.current?.click()} data-testid="import-choose">
          选择文件
        </Button>
        <input
          ref={picker}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          style={{ display: 'none' }}
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void choose(file);
          }}
        />
        {kind === 'vouchers' && (
          <>
            <Checkbox checked={post} disabled={!canPost} onChange={(e) => setPost(e.target.checked)} data-testid="import-post">
              直接记账
            </Checkbox>
            <Input size="small" style={{ width: 220 }} placeholder="平行记账提示的原因（如有提示须填写）" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="import-reason" />
          </>
        )}
        {kind === 'indicators' && (
          <>
            <Typography.Text>下达日期</Typography.Text>
            <DatePicker size="small" allowClear={false} value={issueDate} onChange={(d) => d && setIssueDate(d)} data-testid="import-issue-date" />
          </>
        )}
        {chosen && (
          <Button size="small" disabled={busy !== null} onClick={() => void check(chosen)}>
            重新校验
          </Button>
        )}
        <Button size="small" type="primary" icon={<CheckOutlined />} disabled={blocked || busy !== null} loading={busy === 'apply'} onClick={() => void apply()} data-testid="import-apply">
          确认导入
        </Button>
        {exportButton}
        {chosen && (
          <Typography.Text type="secondary">
            <FileExcelOutlined /> {chosen.fileName}
          </Typography.Text>
        )}
      </Flex>
      {kind === 'vouchers' && !canPost && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
          导入的凭证为草稿，按流程审核、记账；“直接记账”只有主管（非出纳）可用，用于迁入原系统已记账的凭证。
        </Typography.Text>
      )}
      {progress !== null && <Progress percent={Math.round(progress * 100)} size="small" status="active" format={(p) => `上传 ${p}%`} />}
      {busy === 'preview' && <Alert type="info" showIcon title="正在逐行校验…" style={{ marginBottom: 8 }} />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} data-testid="import-failure" />}
      {preview && (
        <>
          {preview.problemCount > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="import-problems"
              title={`发现 ${preview.problemCount} 处错误，改正文件后重新选择；有任何错误时不会导入任何数据`}
              description={
                <ul className="import-problem-list">
                  {preview.problems.slice(0, 200).map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
              }
            />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 8 }} data-testid="import-ready" title={`校验通过：${preview.summary.join('；')}`} />
          )}
          {preview.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={preview.needsReason ? '有平行记账提示：确认无误请在上方填写原因后再导入' : '提示'}
              description={<ul className="import-problem-list">{preview.warnings.slice(0, 100).map((w, i) => <li key={i}>{w}</li>)}</ul>}
            />
          )}
          <PreviewTable preview={preview} height={height} />
        </>
      )}
      {!preview && !failure && progress === null && (
        <Typography.Paragraph type="secondary">
          先下载模板，按“说明”工作表填写后选择文件。文件会逐行校验，每一处错误都注明行号；全部无误后才能确认导入，导入在一个事务中完成。
        </Typography.Paragraph>
      )}
    </div>
  );
}
