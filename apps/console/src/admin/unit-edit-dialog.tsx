import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { UnitView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { reachableClearButton } from '../layout/clear-button';
import { fieldError } from '../errors/error-text';
import { descendantsOf, type OrganisationTree } from './organisation-tree';

const LEVELS = ['central', 'province', 'district', 'commune', 'agency'] as const;
const FIELDS = ['name', 'level', 'parentId', 'coordinatingUnitId', 'kind', 'escalationGrace'] as const;

/** What the form edits: every field as text, '' for "none". */
type Draft = Record<(typeof FIELDS)[number], string>;

function draftOf(unit: UnitView): Draft {
  return {
    name: unit.name,
    level: unit.level,
    parentId: unit.parentId ?? '',
    coordinatingUnitId: unit.coordinatingUnitId ?? '',
    kind: unit.kind ?? '',
    escalationGrace: unit.escalationGrace ?? '',
  };
}

/**
 * The fields that changed, '' sent as null (cleared), with the `updatedAt` the form was filled
 * from: someone else's edit meanwhile answers 409 instead of being overwritten.
 */
export function unitChanges(unit: UnitView, draft: Draft): Record<string, string | null> {
  const before = draftOf(unit);
  const changes: Record<string, string | null> = { expectedUpdatedAt: unit.updatedAt };
  for (const field of FIELDS) {
    if (draft[field] === before[field]) continue;
    changes[field] = draft[field] === '' && field !== 'name' ? null : draft[field];
  }
  return changes;
}

/** `a/b` as path segments each escaped: the API reads unit ids with slashes from the path. */
export function unitPath(id: string): string {
  return `/units/${id.split('/').map(encodeURIComponent).join('/')}`;
}

/** The administrator's edit of one unit: name, level, parent, coordinating body, kind, grace period. */
export function UnitEditDialog({
  unit,
  tree,
  onClose,
}: {
  unit: UnitView;
  tree: OrganisationTree;
  onClose: (saved: UnitView | null) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(unit));
  const save = useMutation({
    mutationFn: () => api<UnitView>(unitPath(unit.id), { method: 'PATCH', body: unitChanges(unit, draft) }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      onClose(saved);
    },
  });
  const below = descendantsOf(tree, unit.id);
  const others = [...tree.byId.values()]
    .filter((other) => other.id !== unit.id)
    .map((other) => ({ value: other.id, label: `${other.name} (${other.id})` }));
  const parents = others.filter((option) => !below.has(option.value));
  const set = (field: keyof Draft) => (value: string | null) => setDraft({ ...draft, [field]: value ?? '' });
  const effective = unit.effectiveCoordinatingUnitId;

  return (
    <Modal
      opened
      onClose={() => onClose(null)}
      title={t('organisation.editTitle', { id: unit.id })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <TextInput
          label={t('organisation.name')}
          value={draft.name}
          onChange={(event) => set('name')(event.currentTarget.value)}
          error={fieldError(save.error, 'name')}
        />
        <Select
          label={t('organisation.level')}
          data={LEVELS.map((level) => ({ value: level, label: t(`organisation.levels.${level}`) }))}
          value={draft.level}
          onChange={set('level')}
          allowDeselect={false}
          error={fieldError(save.error, 'level')}
        />
        <Select
          label={t('organisation.parent')}
          placeholder={t('organisation.noParent')}
          data={parents}
          value={draft.parentId === '' ? null : draft.parentId}
          onChange={set('parentId')}
          searchable
          clearable
          clearButtonProps={reachableClearButton(t('common.clear'))}
          error={fieldError(save.error, 'parentId')}
        />
        <Select
          label={t('organisation.coordinator')}
          placeholder={t('organisation.inherited')}
          data={others}
          value={draft.coordinatingUnitId === '' ? null : draft.coordinatingUnitId}
          onChange={set('coordinatingUnitId')}
          searchable
          clearable
          clearButtonProps={reachableClearButton(t('common.clear'))}
          error={fieldError(save.error, 'coordinatingUnitId')}
        />
        {effective !== null && (
          // Not the Select's description: Mantine dims that below the contrast small text needs.
          <Text size="sm" c="gray.8" mt={-8}>
            {t('organisation.effective', { unit: tree.byId.get(effective)?.name ?? effective })}
          </Text>
        )}
        <TextInput
          label={t('organisation.kind')}
          value={draft.kind}
          onChange={(event) => set('kind')(event.currentTarget.value)}
          error={fieldError(save.error, 'kind')}
        />
        <TextInput
          label={t('organisation.grace')}
          placeholder="P2D"
          value={draft.escalationGrace}
          onChange={(event) => set('escalationGrace')(event.currentTarget.value)}
          error={fieldError(save.error, 'escalationGrace')}
        />
        <ErrorAlert error={save.error} shownFields={FIELDS} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(null)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {t('organisation.save')}
          </Button>
        </Group>
        <Text size="xs" c="gray.7">
          {unit.id}
        </Text>
      </Stack>
    </Modal>
  );
}
