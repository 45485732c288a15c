import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  numeric?: boolean;
  cell: (row: T) => ReactNode;
  /** The row header (th scope=row): the cell that names the row. */
  rowHeader?: boolean;
}

/** An accessible table: caption, column headers with scope, a row header, numbers right-aligned; scrolls at 360 px. */
export function DataTable<T>({ caption, columns, rows, rowKey, footer, hideCaption = false }: {
  caption: ReactNode; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string | number; footer?: ReactNode;
  /** The caption is read out but not shown, when a heading right above already says the same. */
  hideCaption?: boolean;
}) {
  return (
    <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={typeof caption === 'string' ? caption : undefined}>
      <table className="kern-table kern-table--striped">
        <caption className={hideCaption ? 'kern-sr-only' : 'kern-title'}>{caption}</caption>
        <thead className="kern-table__header">
          <tr className="kern-table__row">
            {columns.map((column) => (
              <th key={column.key} scope="col" className={`kern-table__header${column.numeric ? ' kern-table__header--numeric' : ''}`}>{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="kern-table__row">
              {columns.map((column) => {
                const className = `kern-table__cell${column.numeric ? ' kern-table__cell--numeric' : ''}`;
                return column.rowHeader
                  ? <th key={column.key} scope="row" className={className}>{column.cell(row)}</th>
                  : <td key={column.key} className={className}>{column.cell(row)}</td>;
              })}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot className="kern-table__footer">{footer}</tfoot>}
      </table>
    </div>
  );
}
