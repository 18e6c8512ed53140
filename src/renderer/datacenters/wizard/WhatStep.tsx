import { Accordion, Alert, Button, Divider, Grid, List, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconArrowRight, IconBrandDebian, IconPackageImport, IconRuler2, IconServer2 } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { projectName } from '../../../shared/datacenter/spec';
import { BcmError } from '../../../shared/errors';
import { useApi } from '../../api/context';
import { useDatacenters, useForget, useSaveSpec, useValidateSpec } from '../../api/use-datacenters';
import { useEndpointStatus } from '../../api/use-endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { focusFirstInvalid } from '../../lib/focus-invalid';
import { issuesByField, suggestName, unplacedIssues, withoutStale, type SpecIssue } from '../lib/draft';
import { AppsSection } from './what/AppsSection';
import { ArtifactsSection } from './what/ArtifactsSection';
import { BitcoinSection } from './what/BitcoinSection';
import { ChainSection } from './what/ChainSection';
import { EstimatePanel } from './what/EstimatePanel';
import { ImageSection } from './what/ImageSection';
import { ExtrasSection, LightningSection } from './what/ServicesSection';
import { PlacementSection } from './what/PlacementSection';
import { SizesSection } from './what/SizesSection';
import { WizardFooter } from './WizardFooter';
import { useDatacenterWizard, useEditingDraft } from './wizard-store';

/** Fields the form shows errors on; anything else goes into one alert. */
const SHOWN = ['name', 'chain', 'bitcoin', 'lightning', 'logging', 'remoteAccess', 'walletPairing', 'sizes', 'artifacts', 'image', 'apps'];

/** Step 2: name, chain, components, sizes and local artifacts, with a live estimate. */
export function WhatStep({ onBack, onNext, backLabel = 'Back' }: { onBack: () => void; onNext: () => void; backLabel?: string }) {
  const api = useApi();
  const { spec, nameEdited, savedAs, nameError, edit, patch } = useDatacenterWizard();
  // editing a deployed datacenter: nothing is saved until its review is applied
  const editing = useEditingDraft();
  const existing = useDatacenters();
  const endpointStatus = useEndpointStatus(spec.endpoint);
  const save = useSaveSpec();
  const forget = useForget();
  const [submitIssues, setSubmitIssues] = useState<SpecIssue[] | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // bumped by a submit that found problems: once they are rendered, the first gets the focus
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused > 0) focusFirstInvalid(form.current);
  }, [refused]);

  // an unedited name follows the chain and avoids names already taken
  const taken = (existing.data ?? []).map((s) => s.name).filter((n) => n !== savedAs);
  const suggestion = suggestName(spec.chain, taken);
  useEffect(() => {
    if (!nameEdited && spec.name !== suggestion) edit((s) => ({ ...s, name: suggestion }));
  }, [nameEdited, spec.name, suggestion, edit]);

  const [debounced] = useDebouncedValue(spec, 300);
  const validation = useValidateSpec(debounced, JSON.stringify(debounced));
  const liveIssues = validation.data && !validation.data.ok ? validation.data.issues : [];
  const errors = issuesByField(submitIssues ?? liveIssues);
  if (nameError !== null) errors['name'] = nameError;
  const others = unplacedIssues(errors, SHOWN);

  const next = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      const draft = withoutStale(spec);
      const checked = await api.invoke('datacenters.validate', { spec: draft });
      if (!checked.ok) {
        setSubmitIssues(checked.issues);
        setRefused((n) => n + 1);
        return;
      }
      setSubmitIssues(null);
      if (editing) {
        patch({ spec: draft });
        onNext();
        return;
      }
      try {
        await save.mutateAsync({ spec: checked.spec, replace: savedAs === checked.spec.name });
      } catch (err) {
        // a name clash shows on the name field and keeps everything typed
        if (err instanceof BcmError && err.code === 'CONFLICT' && (err.detail?.['field'] ?? 'name') === 'name') {
          patch({ nameError: err.message });
          setRefused((n) => n + 1);
          return;
        }
        throw err;
      }
      // renamed after an earlier save in this wizard: the old, never deployed spec goes
      if (savedAs !== null && savedAs !== checked.spec.name) forget.mutate(savedAs);
      patch({ spec: draft, savedAs: checked.spec.name, nameError: null });
      onNext();
    } catch (err) {
      setSubmitError(err);
    } finally {
      setSubmitting(false);
    }
  };

  const editAndClear: typeof edit = (change) => {
    setSubmitIssues(null);
    edit(change);
  };
  const sectionProps = { spec, edit: editAndClear, errors };

  return (
    <form
      ref={form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!submitting) void next();
      }}
    >
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xl">
            <TextInput
              label="Name"
              description={
                editing
                  ? `A datacenter keeps its name: it names the LXD project ${projectName(spec.name)} on ${spec.endpoint}.`
                  : `Lower-case letters, digits and dashes. It becomes the LXD project ${projectName(spec.name || 'name')} on ${spec.endpoint}.`
              }
              readOnly={editing}
              value={spec.name}
              maxLength={24}
              onChange={(e) => {
                const name = e.currentTarget.value;
                patch({ nameEdited: true, nameError: null });
                editAndClear((s) => ({ ...s, name }));
              }}
              error={errors['name']}
              data-autofocus
              w={{ base: '100%', sm: 420 }}
            />
            <ChainSection
              chain={spec.chain}
              onChange={(chain) => editAndClear((s) => ({ ...s, chain }))}
              error={errors['chain']}
            />
            <Divider />
            <BitcoinSection {...sectionProps} />
            <LightningSection {...sectionProps} />
            <Divider />
            <ExtrasSection {...sectionProps} />
            <Divider />
            <AppsSection {...sectionProps} />
            <Accordion
              variant="separated"
              radius="md"
              multiple
              // no open/close animation: the panels' content moved while it ran, and a click on a
              // button in a panel just opened (Import) could land on the wrong place
              transitionDuration={0}
              defaultValue={Object.keys(spec.artifacts).length > 0 ? ['artifacts'] : []}
            >
              <Accordion.Item value="sizes">
                <Accordion.Control icon={<IconRuler2 size={18} stroke={1.6} />}>
                  <Text fw={600} size="sm">
                    Advanced: container sizes
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <SizesSection {...sectionProps} />
                </Accordion.Panel>
              </Accordion.Item>
              {endpointStatus.data?.members !== undefined && (
                <Accordion.Item value="placement">
                  <Accordion.Control icon={<IconServer2 size={18} stroke={1.6} />}>
                    <Text fw={600} size="sm">
                      Advanced: placement on the cluster
                      {Object.keys(spec.placement).length > 0 ? ` (${Object.keys(spec.placement).length} chosen)` : ''}
                    </Text>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <PlacementSection {...sectionProps} members={endpointStatus.data.members} />
                  </Accordion.Panel>
                </Accordion.Item>
              )}
              <Accordion.Item value="image">
                <Accordion.Control icon={<IconBrandDebian size={18} stroke={1.6} />}>
                  <Text fw={600} size="sm">
                    Advanced: base image
                    <Text span size="xs" c="dimmed" ff="monospace" ml="xs">
                      {spec.image.alias}
                    </Text>
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <ImageSection {...sectionProps} />
                </Accordion.Panel>
              </Accordion.Item>
              <Accordion.Item value="artifacts">
                <Accordion.Control icon={<IconPackageImport size={18} stroke={1.6} />}>
                  <Text fw={600} size="sm">
                    Advanced: local artifacts
                    {Object.keys(spec.artifacts).length > 0 ? ` (${Object.keys(spec.artifacts).length})` : ''}
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <ArtifactsSection {...sectionProps} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>

            {others.length > 0 && (
              <Alert color="red" variant="light" title="Check these settings">
                <List size="sm">
                  {others.map((issue) => (
                    <List.Item key={issue.path}>
                      {issue.path !== '' ? (
                        <Text span ff="monospace" size="xs">
                          {issue.path}:{' '}
                        </Text>
                      ) : null}
                      {issue.message}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {validation.isError && <ErrorAlert error={validation.error} title="Could not check the settings" />}
            {submitError !== null && <ErrorAlert error={submitError} title="Could not save the datacenter" />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <div style={{ position: 'sticky', top: 76 }}>
            <EstimatePanel spec={spec} endpoint={endpointStatus.data} />
          </div>
        </Grid.Col>
        <Grid.Col span={12} pt={0}>
          <WizardFooter
            back={
              <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
                {backLabel}
              </Button>
            }
            next={
              <Button type="submit" rightSection={<IconArrowRight size={16} />} loading={submitting}>
                {editing ? 'Next: review the changes' : 'Next: review the plan'}
              </Button>
            }
          />
        </Grid.Col>
      </Grid>
    </form>
  );
}
