import { containersOf } from '../../../shared/datacenter/catalog';
import { serviceCli, shellLine } from '../../../shared/datacenter/clis';
import { projectName, type ComponentKind, type DatacenterSpec } from '../../../shared/datacenter/spec';
import type { TerminalPreset } from '../../../shared/channels/terminal';

export interface CliTerminal {
  tool: string;
  target: { endpoint: string; project: string; name: string };
  preset: TerminalPreset;
}

/**
 * The terminal a dashboard's "lncli"/"btcctl"/… button opens: a shell in the service's container
 * where the tool is an alias with the datacenter's flags. `board` is the dashboard's key ("node",
 * "lnd", "clightning", "kafka"). Pure.
 */
export function cliTerminal(spec: DatacenterSpec, board: string): CliTerminal | undefined {
  const component: ComponentKind | undefined =
    board === 'node' ? spec.bitcoin.implementation : board === 'lnd' || board === 'clightning' || board === 'kafka' ? board : undefined;
  if (!component) return undefined;
  const cli = serviceCli(component, spec.chain);
  const container = containersOf(spec).find((c) => c.component === component);
  if (!cli || !container) return undefined;
  return {
    tool: cli.tool,
    target: { endpoint: spec.endpoint, project: projectName(spec.name), name: container.name },
    preset: {
      title: `${cli.tool} · ${container.name}`,
      aliases: [{ name: cli.tool, command: shellLine(cli.command) }],
      env: {},
      banner: `${cli.tool} is set up with this datacenter's settings (${spec.chain}). Try: ${cli.example}`,
    },
  };
}
