import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { texts } from './texts';

/*
 * Form parts in the GOV.UK error pattern with KERN styles: an error summary at the top that links to each field,
 * and the message again at the field (tied to it with aria-describedby). What the user typed stays in the field.
 */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ errors, order, title = texts.errorSummaryTitle }: { errors: FieldErrors; order: string[]; title?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const keys = order.filter((key) => errors[key]).concat(Object.keys(errors).filter((key) => !order.includes(key)));
  useEffect(() => {
    if (keys.length) box.current?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!keys.length) return null;
  return (
    <div ref={box} tabIndex={-1} className="kern-alert kern-alert--danger error-summary" role="alert" aria-labelledby="fehler-titel">
      <div className="kern-alert__header"><h2 id="fehler-titel" className="kern-title">{title}</h2></div>
      <div className="kern-alert__body">
        <ul className="kern-list">
          {keys.map((key) => (
            <li key={key}>
              {order.includes(key) ? (
                <a className="kern-link" href={`#${key}`} onClick={(event) => { event.preventDefault(); document.getElementById(key)?.focus(); }}>{errors[key]}</a>
              ) : errors[key]}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldFrame { id: string; label: string; hint?: string; error?: string }

function Frame({ id, label, hint, error, children }: FieldFrame & { children: ReactNode }) {
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>{label}</label>
      {hint && <div className="kern-hint" id={`${id}-hinweis`}>{hint}</div>}
      {error && <p className="kern-error" id={`${id}-fehler`} role="alert"><span className="kern-sr-only">Fehler: </span>{error}</p>}
      {children}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hinweis`, error && `${id}-fehler`].filter(Boolean).join(' ') || undefined;
}

export function TextField({ id, label, hint, error, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export interface Option { value: string; label: string }

export function SelectField({ id, label, hint, error, options, ...select }: FieldFrame & { options: Option[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          name={id}
          className={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...select}
        >
          {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
      </div>
    </Frame>
  );
}

export function Button({ children, variant = 'primary', ...rest }: { variant?: 'primary' | 'secondary' | 'tertiary' } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`kern-btn kern-btn--${variant}`} {...rest}>
      <span className="kern-label">{children}</span>
    </button>
  );
}

/** A multi-line text field in the same frame (label, hint, error at the field); `counter` is shown under the hint. */
export function TextAreaField({ id, label, hint, error, counter, ...area }: FieldFrame & { counter?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={id}
        className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy(id, hint, error), counter && `${id}-zaehler`].filter(Boolean).join(' ') || undefined}
        {...area}
      />
      {counter && <div className="kern-hint" id={`${id}-zaehler`}>{counter}</div>}
    </Frame>
  );
}
