import { ActionIcon, Box, Checkbox, Group, Input, Paper, ScrollArea, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { UnitTreeNode, UnitView } from '../api/types';
import { ErrorAlert } from '../errors/error-alert';

/** More matches than this is a search to narrow, not a list to read. */
const MAX_MATCHES = 50;
/** Far deeper than any real organisation; stops the walk up should a loop ever be stored. */
const MAX_DEPTH = 64;

/** The top of the clerk's organisation: the unit's ancestors walked up through GET /units/:id. */
async function organisationRoot(unitId: string): Promise<string> {
  let id = unitId;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const unit = await api<UnitView>(`/units/${encodeURIComponent(id)}`);
    if (unit.parentId === null) return unit.id;
    id = unit.parentId;
  }
  return id;
}

/** Folds case and Vietnamese diacritics, so "cong an" finds "Công an". */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function flatten(node: UnitTreeNode, into: UnitTreeNode[] = []): UnitTreeNode[] {
  into.push(node);
  for (const child of node.children) flatten(child, into);
  return into;
}

/**
 * The recipients picked from the organisation tree (GET /units/:root/subtree): browsed level by
 * level, or found by a search over names and ids that ignores diacritics.
 */
export function RecipientPicker(props: {
  unitId: string;
  selected: readonly string[];
  onToggle: (unit: UnitTreeNode, checked: boolean) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const tree = useQuery({
    queryKey: ['units', 'organisation', props.unitId],
    queryFn: async () =>
      api<UnitTreeNode>(`/units/${encodeURIComponent(await organisationRoot(props.unitId))}/subtree`),
    staleTime: 5 * 60_000,
  });
  const units = useMemo(() => (tree.data === undefined ? [] : flatten(tree.data)), [tree.data]);
  const wanted = folded(search.trim());
  const matches = wanted === '' ? [] : units.filter((unit) => folded(`${unit.name} ${unit.id}`).includes(wanted));
  const checkbox = (unit: UnitTreeNode) => (
    <Checkbox
      label={`${unit.name} (${unit.id})`}
      checked={props.selected.includes(unit.id)}
      onChange={(event) => props.onToggle(unit, event.currentTarget.checked)}
    />
  );

  return (
    <Input.Wrapper label={t('newDirective.recipients')} error={props.error} withAsterisk>
      <Paper withBorder p="xs" mt={4}>
        <TextInput
          label={t('newDirective.searchUnits')}
          placeholder={t('newDirective.searchHint')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          mb="xs"
        />
        <ErrorAlert error={tree.error} />
        <ScrollArea.Autosize mah={320} type="auto">
          {wanted !== '' ? (
            <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('newDirective.matches')}>
              {matches.slice(0, MAX_MATCHES).map((unit) => (
                <Box component="li" key={unit.id} py={4}>
                  {checkbox(unit)}
                </Box>
              ))}
              {matches.length === 0 && <Text size="sm">{t('newDirective.noMatch')}</Text>}
              {matches.length > MAX_MATCHES && (
                <Text size="sm">{t('newDirective.moreMatches', { count: matches.length - MAX_MATCHES })}</Text>
              )}
            </Box>
          ) : (
            tree.data !== undefined && <TreeLevel nodes={[tree.data]} depth={0} render={checkbox} />
          )}
        </ScrollArea.Autosize>
      </Paper>
    </Input.Wrapper>
  );
}

/** One level of the tree; a unit with units below it opens and closes (the top is open). */
function TreeLevel(props: { nodes: UnitTreeNode[]; depth: number; render: (unit: UnitTreeNode) => React.ReactNode }) {
  return (
    <Box component="ul" p={0} m={0} pl={props.depth === 0 ? 0 : 'md'} style={{ listStyle: 'none' }}>
      {props.nodes.map((node) => (
        <TreeNode key={node.id} node={node} depth={props.depth} render={props.render} />
      ))}
    </Box>
  );
}

function TreeNode(props: { node: UnitTreeNode; depth: number; render: (unit: UnitTreeNode) => React.ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(props.depth === 0);
  const { node } = props;
  return (
    <Box component="li" py={4}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        {node.children.length > 0 ? (
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-label={t(open ? 'newDirective.collapse' : 'newDirective.expand', { unit: node.name })}
          >
            {open ? '▾' : '▸'}
          </ActionIcon>
        ) : (
          <Box w={22} />
        )}
        {props.render(node)}
      </Group>
      {open && node.children.length > 0 && (
        <TreeLevel nodes={node.children} depth={props.depth + 1} render={props.render} />
      )}
    </Box>
  );
}
