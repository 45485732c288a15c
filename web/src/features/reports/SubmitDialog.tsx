import { Button as AriaButton, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { formatCents, parseEuroToCents } from '../../lib/format';
import type { Draft, Report } from './model';
import { texts } from './texts';

/*
 * "Bericht einreichen": a confirm dialog (react-aria-components: focus kept inside, Escape closes, focus returns to
 * the button) with a summary of exactly what will be sent.
 */
function Summary({ draft, report }: { draft: Draft; report: Report }) {
  const spent = draft.spending.reduce((sum, s) => sum + (parseEuroToCents(s.amount) ?? 0), 0);
  const rows: [string, string][] = [
    [texts.facts.period, `${texts.typeLabels[report.type]} ${report.period}`],
    [texts.partLabels.narrative, texts.submit.characters(draft.narrative.trim().length)],
    [texts.partLabels.overallStatus, draft.overallStatus ? texts.overallLabels[draft.overallStatus] : texts.overall.none],
    [texts.partLabels.milestones, texts.submit.items(draft.milestones.length)],
    [texts.partLabels.indicators, texts.submit.items(draft.indicators.length)],
    [texts.partLabels.spending, `${texts.submit.items(draft.spending.length)}, ${texts.spending.total} ${formatCents(spent)}`],
    [texts.partLabels.risks, texts.submit.items(draft.risks.length)],
  ];
  return (
    <dl className="summary-list">
      {rows.map(([term, value]) => (
        <div key={term} className="summary-list__row"><dt>{term}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

interface Props { draft: Draft; report: Report; disabled: boolean; onConfirm: () => void }

export function SubmitDialog({ draft, report, disabled, onConfirm }: Props) {
  return (
    <DialogTrigger>
      <AriaButton className="kern-btn kern-btn--primary" isDisabled={disabled}><span className="kern-label">{texts.submit.open}</span></AriaButton>
      <ModalOverlay className="dialog-overlay" isDismissable>
        <Modal className="kern-dialog dialog-modal">
          <Dialog className="dialog-body">
            {({ close }) => (
              <>
                <Heading slot="title" className="kern-heading-medium">{texts.submit.title}</Heading>
                <p className="kern-body">{texts.submit.intro}</p>
                <Summary draft={draft} report={report} />
                <div className="actions">
                  <AriaButton className="kern-btn kern-btn--primary" onPress={() => { close(); onConfirm(); }}><span className="kern-label">{texts.submit.confirm}</span></AriaButton>
                  <AriaButton className="kern-btn kern-btn--secondary" onPress={close}><span className="kern-label">{texts.submit.cancel}</span></AriaButton>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
