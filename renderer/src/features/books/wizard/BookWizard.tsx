import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Steps } from 'antd';
import dayjs from 'dayjs';
import { CommandError } from '../../../../../shared/api';
import { api } from '../../../api/transport';
import { errorMessage, fieldIssues } from '../../../api/errorMessage';
import { navigate } from '../../../app/routes';
import { openBook } from '../openBook';
import { StartFrame } from '../StartFrame';
import { ReviewStep } from './ReviewStep';
import { UnitFields } from './UnitFields';
import { useWizardDraft } from './useWizardDraft';
import { defaultWizardValues, isWizardField, toCreateInput, type WizardValues } from './wizardValues';

/** CONFLICT on the id itself: an earlier 建账 with this id already made a different 账套. */
function isIdTaken(error: unknown, bookId: string): boolean {
  if (!(error instanceof CommandError) || error.code !== 'CONFLICT') return false;
  const details = error.details as { bookId?: unknown } | null | undefined;
  return typeof details === 'object' && details !== null && details.bookId === bookId;
}

/** 建账: step 1 collects the unit's details, step 2 shows what will be loaded and creates the 账套. */
export function BookWizard({ firstRun = false }: { firstRun?: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<WizardValues>();
  const draft = useWizardDraft(form);
  const [step, setStep] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const inFlight = useRef(false);

  async function submit() {
    if (inFlight.current) return;
    let values: WizardValues;
    try {
      values = await form.validateFields();
    } catch {
      setStep(0);
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setSubmitError(null);
    try {
      const book = await api.send('book.create', toCreateInput(draft.bookId, values));
      await draft.discard();
      message.success(`建账完成：${book.name}`);
      openBook(book.id);
    } catch (error) {
      if (isIdTaken(error, draft.bookId)) {
        draft.renewId(values);
        setSubmitError('这份建账内容之前已建立过一个账套，且内容与现在不同。已为本次建账重新准备，请核对后再点“完成建账”；如要打开已建的账套，请点“上一步”后“取消”返回账套列表。');
        return;
      }
      showSubmitError(error);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  function showSubmitError(error: unknown) {
    const issues = fieldIssues(error);
    const onFields = issues.filter((issue) => isWizardField(issue.path[0]));
    if (onFields.length > 0) {
      const byField = new Map<string, string[]>();
      for (const issue of onFields) {
        const name = issue.path[0] as string;
        byField.set(name, [...(byField.get(name) ?? []), issue.message]);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof WizardValues, errors })));
      setStep(0);
    }
    const others = issues.filter((issue) => !isWizardField(issue.path[0])).map((issue) => issue.message);
    const base = onFields.length > 0 ? `${errorMessage(error)}（已在下方标出）` : errorMessage(error);
    setSubmitError([base, ...others].join('；'));
  }

  const values = form.getFieldsValue(true) as WizardValues;

  return (
    <StartFrame subtitle={firstRun ? '第一次使用：先建立本单位的账套' : '新建账套'}>
      <Card size="small" title="建账" styles={{ body: { padding: '12px 16px' } }}>
        <Steps size="small" current={step} items={[{ title: '单位信息' }, { title: '确认并建账' }]} style={{ marginBottom: 12 }} />
        {draft.restoredAt !== null && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            title={`已恢复上次未完成的建账内容（保存于 ${dayjs(draft.restoredAt).format('YYYY-MM-DD HH:mm')}）`}
            action={
              <Button
                size="small"
                onClick={() => {
                  form.resetFields();
                  void draft.discard();
                  setStep(0);
                }}
              >
                清空重填
              </Button>
            }
          />
        )}
        {firstRun && step === 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            title="这台电脑是替换原来的财政所电脑（或重装过）？账务已同步到县级的，可以直接从县级恢复，不必重新建账。"
            action={
              <Button size="small" data-testid="restore-from-county" onClick={() => navigate({ name: 'restore' })}>
                从县级恢复账套
              </Button>
            }
          />
        )}
        {submitError && (
          <Alert type="error" showIcon style={{ marginBottom: 8 }} title={submitError} closable={{ onClose: () => setSubmitError(null) }} />
        )}
        <Form<WizardValues>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '96px' }}
          initialValues={defaultWizardValues()}
          onValuesChange={(_, all) => draft.remember(all)}
          onFinish={() => setStep(1)}
        >
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <UnitFields />
          </div>
          {step === 1 && <ReviewStep values={values} />}
          <Flex justify="flex-end" gap={8} style={{ marginTop: 12 }}>
            {!firstRun && step === 0 && <Button onClick={() => navigate({ name: 'start' })}>取消</Button>}
            {step === 0 && (
              <Button type="primary" htmlType="submit" data-testid="wizard-next">
                下一步
              </Button>
            )}
            {step === 1 && (
              <>
                <Button onClick={() => setStep(0)} disabled={submitting}>
                  上一步
                </Button>
                <Button type="primary" data-testid="wizard-submit" loading={submitting} onClick={() => void submit()}>
                  完成建账
                </Button>
              </>
            )}
          </Flex>
        </Form>
      </Card>
    </StartFrame>
  );
}
