import type { ReactNode } from 'react';
import { Button } from '../../components/forms';

/*
 * A list part of the report (milestones, indicators, spending, risks): each entry a fieldset with its own legend
 * and a remove button named after it, an add button at the end. Adding moves the focus into the new entry.
 */
interface Props<T> {
  id: string;
  heading: string;
  hint?: string;
  items: T[];
  itemLabel: (n: number) => string;
  addLabel: string;
  removeLabel: (n: number) => string;
  error?: string;
  onChange: (items: T[]) => void;
  create: () => T;
  canAdd?: boolean;
  render: (item: T, index: number, update: (item: T) => void) => ReactNode;
}

export function ListSection<T>(props: Props<T>) {
  const { id, heading, items, onChange } = props;
  const update = (index: number) => (item: T) => onChange(items.map((old, i) => (i === index ? item : old)));
  const add = () => {
    onChange([...items, props.create()]);
    setTimeout(() => document.querySelector<HTMLElement>(`#${id}-${items.length} input, #${id}-${items.length} select`)?.focus(), 0);
  };
  return (
    <section aria-labelledby={`teil-${id}`} className="page-section">
      <h2 id={`teil-${id}`} className="kern-heading-large">{heading}</h2>
      {props.hint && <p className="kern-hint">{props.hint}</p>}
      {props.error && <p className="kern-error" role="alert">{props.error}</p>}
      {items.map((item, index) => (
        <fieldset key={index} id={`${id}-${index}`} className="kern-fieldset report-entry">
          <legend className="kern-label">{props.itemLabel(index + 1)}</legend>
          <div className="report-entry__fields">{props.render(item, index, update(index))}</div>
          <Button variant="tertiary" onClick={() => onChange(items.filter((_, i) => i !== index))}>{props.removeLabel(index + 1)}</Button>
        </fieldset>
      ))}
      {props.canAdd !== false && <Button variant="secondary" onClick={add}>{props.addLabel}</Button>}
    </section>
  );
}
