import { Alert, Anchor, Badge, Box, Button, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client';
import type { Page, UnitView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';
import { organisationTree, visibleUnits, type OrganisationTree } from './organisation-tree';
import { UnitEditDialog } from './unit-edit-dialog';

/** Every unit, a page of 500 at a time: the tree is browsed whole. */
async function allUnits(): Promise<UnitView[]> {
  const units: UnitView[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<Page<UnitView>>(withQuery('/units', { limit: 500, cursor }));
    units.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return units;
}

interface BranchProps {
  unit: UnitView;
  tree: OrganisationTree;
  visible: Set<string> | null;
  onEdit: (unit: UnitView) => void;
}

/** A unit, its edit button and, when opened (or when a search reaches below it), its sub-units. */
function UnitBranch({ unit, tree, visible, onEdit }: BranchProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(unit.parentId === null);
  const children = (tree.children.get(unit.id) ?? []).filter((child) => visible === null || visible.has(child.id));
  const expanded = visible !== null || opened;
  const subtreeId = `units-below-${unit.id}`;
  const label = (
    <Group gap="xs" wrap="wrap">
      <Text fw={600}>{unit.name}</Text>
      <Badge variant="outline" color="gray.8">
        {t(`organisation.levels.${unit.level}`)}
      </Badge>
      <Text size="xs" c="gray.7">
        {unit.id}
      </Text>
    </Group>
  );
  return (
    <Box component="li" data-testid="unit-node" data-unit-id={unit.id}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        {children.length === 0 ? (
          <Box pl={22}>{label}</Box>
        ) : (
          <UnstyledButton
            aria-expanded={expanded}
            aria-controls={subtreeId}
            onClick={() => setOpened(!opened)}
            disabled={visible !== null}
          >
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Text aria-hidden w={16}>
                {expanded ? '▾' : '▸'}
              </Text>
              {label}
            </Group>
          </UnstyledButton>
        )}
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => onEdit(unit)}
          aria-label={`${t('organisation.edit')} ${unit.name}`}
        >
          {t('organisation.edit')}
        </Button>
      </Group>
      {expanded && children.length > 0 && (
        <Stack component="ul" id={subtreeId} gap={4} mt={4} p={0} pl="md" style={{ listStyle: 'none' }}>
          {children.map((child) => (
            <UnitBranch key={child.id} unit={child} tree={tree} visible={visible} onEdit={onEdit} />
          ))}
        </Stack>
      )}
    </Box>
  );
}

/** The administrator's organisation tree: browse, find a unit by name or id, edit it; import is one link away. */
export function OrganisationPage() {
  const { t } = useTranslation();
  const units = useQuery({ queryKey: ['units', 'tree'], queryFn: allUnits });
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<UnitView | null>(null);
  const [saved, setSaved] = useState<UnitView | null>(null);
  // The dialog unmounts when it closes, so it cannot hand the focus back itself: the keyboard
  // returns to the "Sửa" button it came from, not to the top of the page.
  const opener = useRef<HTMLElement | null>(null);
  const startEditing = (unit: UnitView) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditing(unit);
  };
  useEffect(() => {
    if (editing === null) opener.current?.focus();
  }, [editing]);
  const tree = useMemo(() => organisationTree(units.data ?? []), [units.data]);
  const visible = visibleUnits(tree, search);
  const roots = (tree.children.get(null) ?? []).filter((unit) => visible === null || visible.has(unit.id));

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t('organisation.title')}</Title>
        <Anchor component={Link} to="/units/import">
          {t('organisation.import')}
        </Anchor>
      </Group>
      <TextInput
        label={t('organisation.search')}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        type="search"
      />
      <ErrorAlert error={units.error} />
      {saved !== null && <Alert color="green.9" role="status" title={t('organisation.saved', { name: saved.name })} />}
      {units.data !== undefined && roots.length === 0 && <Text>{t('organisation.noMatch')}</Text>}
      <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('organisation.title')}>
        {roots.map((unit) => (
          <UnitBranch key={unit.id} unit={unit} tree={tree} visible={visible} onEdit={startEditing} />
        ))}
      </Stack>
      {editing !== null && (
        <UnitEditDialog
          unit={editing}
          tree={tree}
          onClose={(result) => {
            setEditing(null);
            if (result !== null) setSaved(result);
          }}
        />
      )}
    </Stack>
  );
}
