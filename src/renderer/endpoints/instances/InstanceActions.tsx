import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconPlayerPlay,
  IconPlayerStop,
  IconRotateClockwise,
  IconSnowflake,
  IconSnowflakeOff,
  IconTrash,
} from '@tabler/icons-react';
import type { Instance, InstanceAction } from '../../../shared/instances';
import { useInstanceAction } from '../../api/use-instances';
import { errorMessage } from '../../lib/errors';
import { actionDone, actionLabels, actionsFor, canDelete } from '../../lib/status';
import classes from './InstanceActions.module.css';
import { InstanceConsoleActions } from '../../terminal/InstanceConsoleActions';

const icons: Record<InstanceAction, typeof IconPlayerPlay> = {
  start: IconPlayerPlay,
  stop: IconPlayerStop,
  restart: IconRotateClockwise,
  freeze: IconSnowflake,
  unfreeze: IconSnowflakeOff,
};

// Explicit shades: Mantine's dark scheme renders subtle icons of bare colours almost white.
const colors: Record<InstanceAction, string> = {
  start: 'teal.6',
  stop: 'red.6',
  restart: 'blue.5',
  freeze: 'cyan.6',
  unfreeze: 'cyan.6',
};

/**
 * Four fixed slots so rows line up: start/stop, restart, freeze/unfreeze, delete. Buttons that
 * make no sense in the current state are disabled, with a tooltip saying why.
 */
export function InstanceActions({
  endpoint,
  instance,
  onDelete,
}: {
  endpoint: string;
  instance: Instance;
  onDelete: () => void;
}) {
  const mutation = useInstanceAction(endpoint);
  const available = actionsFor(instance.status);
  const running = instance.status.toLowerCase() === 'running' || instance.status.toLowerCase() === 'frozen';
  const slots: InstanceAction[] = [
    running ? 'stop' : 'start',
    'restart',
    instance.status.toLowerCase() === 'frozen' ? 'unfreeze' : 'freeze',
  ];
  const pendingAction = mutation.isPending ? mutation.variables.action : null;

  const run = (action: InstanceAction) => {
    mutation.mutate(
      { project: instance.project, name: instance.name, action },
      {
        onSuccess: (result) =>
          notifications.show({
            color: 'teal',
            message: `${result.name} ${actionDone[action]}.`,
            autoClose: 3000,
          }),
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: `Could not ${actionLabels[action].toLowerCase()} ${instance.name}`,
            message: errorMessage(err),
            autoClose: 10_000,
          }),
      },
    );
  };

  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <InstanceConsoleActions target={{ endpoint, project: instance.project, name: instance.name }} status={instance.status} className={classes.action} />
      {slots.map((action) => {
        const Icon = icons[action];
        const enabled = available.includes(action) && !mutation.isPending;
        const label = `${actionLabels[action]} ${instance.name}`;
        return (
          <Tooltip
            key={action}
            label={
              available.includes(action)
                ? actionLabels[action]
                : `Can't ${action} while ${instance.status.toLowerCase()}`
            }
          >
            <ActionIcon
              variant="subtle"
              className={classes.action}
              color={colors[action]}
              size="lg"
              aria-label={label}
              disabled={!enabled && pendingAction !== action}
              loading={pendingAction === action}
              onClick={() => run(action)}
            >
              <Icon size={18} stroke={1.7} />
            </ActionIcon>
          </Tooltip>
        );
      })}
      <Tooltip label={canDelete(instance.status) ? 'Delete' : `Can't delete while ${instance.status.toLowerCase()}`}>
        <ActionIcon
          variant="subtle"
          className={classes.action}
          color="red.6"
          size="lg"
          aria-label={`Delete ${instance.name}`}
          disabled={!canDelete(instance.status) || mutation.isPending}
          onClick={onDelete}
        >
          <IconTrash size={18} stroke={1.7} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
