import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/vscode/commandIds';
import { CommandArgumentError, optionsObject, parseTarget } from '../../src/vscode/commands/targetArg';
import type { TreeNodeModel } from '../../src/core/api/contract';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('command ids', () => {
  const ids = Object.values(COMMANDS) as string[];

  it("are exactly package.json's contributes.commands, both ways", () => {
    const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual([...declared].sort(), [...ids].sort());
    assert.equal(new Set(declared).size, declared.length, 'no command declared twice');
  });

  it('every menu entry names one of them', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, Array<{ command: string }>>)) {
      for (const item of items) assert.ok(ids.includes(item.command), `${menu}: ${item.command}`);
    }
  });

  it('each name is the id without its prefix', () => {
    for (const [name, id] of Object.entries(COMMANDS)) assert.equal(id, `polytomic.${name}`);
  });
});

describe('command arguments', () => {
  const node: TreeNodeModel = {
    id: 'schema:s1/users',
    kind: 'schema',
    syncId: 's1',
    schema: 'users',
    label: 'users',
    description: '',
    icon: 'pass',
    color: undefined,
    tooltip: undefined as never,
    contextValue: 'schema completed',
    collapsible: 'none',
    children: [],
  };

  it('takes a tree node, a sync id, or { syncId, schema?, executionId? }; nothing means the palette', () => {
    assert.deepEqual(parseTarget(COMMANDS.startRun, node), { syncId: 's1', schema: 'users', fromTree: true });
    assert.deepEqual(parseTarget(COMMANDS.startRun, 's1'), { syncId: 's1', fromTree: false });
    assert.deepEqual(parseTarget(COMMANDS.openLogs, { syncId: 's1', executionId: 'e1', schema: 'users' }), {
      syncId: 's1',
      executionId: 'e1',
      schema: 'users',
      fromTree: false,
    });
    assert.deepEqual(parseTarget(COMMANDS.cancelRun, { syncId: 's1', executionId: '' }), { syncId: 's1', fromTree: false });
    assert.equal(parseTarget(COMMANDS.startRun, undefined), undefined);
    assert.equal(parseTarget(COMMANDS.startRun, null), undefined);
  });

  it('refuses anything else, naming the command and what it takes', () => {
    for (const bad of [42, true, '', '  ', [], ['s1'], {}, { syncId: '' }, { syncId: 7 }, { syncId: 's1', executionId: 5 }, { syncId: 's1', schema: {} }]) {
      assert.throws(
        () => parseTarget(COMMANDS.startRun, bad),
        (e: unknown) => e instanceof CommandArgumentError && /^polytomic\.startRun takes a bulk sync from the Bulk Syncs view, a sync id/.test(e.message),
        JSON.stringify(bad),
      );
    }
  });

  it('options are an object or nothing; a multi-selection list is not options', () => {
    assert.deepEqual(optionsObject(COMMANDS.showHistory, { listOnly: true }), { listOnly: true });
    assert.deepEqual(optionsObject(COMMANDS.showHistory, undefined), {});
    assert.deepEqual(optionsObject(COMMANDS.showHistory, [node]), {});
    assert.throws(() => optionsObject(COMMANDS.showHistory, 'listOnly'), CommandArgumentError);
  });
});
