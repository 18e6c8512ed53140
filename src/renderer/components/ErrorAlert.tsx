import { Alert, type AlertProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorCode, errorMessage, errorTitle } from '../lib/errors';
import { RichMessage } from './RichMessage';

/** An error a request returned, with a title for its code and the user-facing message. */
export function ErrorAlert({
  error,
  title,
  children,
  ...props
}: { error: unknown; title?: string; children?: ReactNode } & Omit<AlertProps, 'title' | 'children'>) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? errorTitle(errorCode(error))}
      data-error-code={errorCode(error)}
      {...props}
    >
      <RichMessage text={errorMessage(error)} />
      {children}
    </Alert>
  );
}
