import 'reflect-metadata';
import type { ResourceRef } from '../../../framework/client/types.js';
import { OnCreate, OnDelete, OnFieldChange, OnOwnedChange, OnResume, OnTimer, OnUpdate, Watches } from '../../../framework/decorators/index.js';
import { scanHandlerClass } from '../../../framework/registry/scan-handlers.js';

const WIDGETS: ResourceRef = { group: 'test.example.com', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

describe('decorators', () => {
  it('record the watched resource and each method once, in declaration order, with all its triggers', () => {
    @Watches(WIDGETS)
    class Throwaway {
      @OnCreate() @OnResume() @OnFieldChange('spec.backup') @OnOwnedChange(CONFIGMAPS, { condition: 'BackupReady' })
      reconcile(): void {}

      @OnDelete({ id: 'custom-delete', retries: 3 })
      remove(): void {}

      @OnTimer({ intervalSeconds: 60 })
      tick(): void {}

      @OnUpdate({ timeoutSeconds: 5 })
      update(): void {}

      notAHandler(): void {}
    }
    const meta = scanHandlerClass(Throwaway);
    expect(meta.resource).toBe(WIDGETS);
    expect(meta.methods.map((m) => m.id)).toEqual(['Throwaway.reconcile', 'custom-delete', 'Throwaway.tick', 'Throwaway.update']);
    expect(meta.methods[0]!.triggers.map((t) => t.kind)).toEqual(['create', 'resume', 'field', 'owned']);
    expect(meta.methods[0]!.triggers[2]).toEqual({ kind: 'field', path: ['spec', 'backup'] });
    expect(meta.methods[0]!.options).toEqual({ condition: 'BackupReady' });
    expect(meta.methods[1]!.options).toEqual({ id: 'custom-delete', retries: 3 });
    expect(meta.methods[2]!.triggers).toEqual([{ kind: 'timer', intervalSeconds: 60, initialDelaySeconds: 60 }]);
  });

  it('keep subclasses and base classes apart, base methods first', () => {
    @Watches(WIDGETS)
    class Base {
      @OnCreate() first(): void {}
    }
    @Watches(WIDGETS)
    class Derived extends Base {
      @OnUpdate() second(): void {}
    }
    expect(scanHandlerClass(Derived).methods.map((m) => m.id)).toEqual(['Derived.first', 'Derived.second']);
    expect(scanHandlerClass(Base).methods.map((m) => m.id)).toEqual(['Base.first']);
  });

  it('reject conflicting options on one method', () => {
    expect(() => {
      class Conflict {
        @OnCreate({ id: 'a' }) @OnUpdate({ id: 'b' }) m(): void {}
      }
      return Conflict;
    }).toThrow(/option 'id' is given twice/);
  });

  it('reject bad arguments at decoration time', () => {
    expect(() => OnFieldChange('spec..x')).toThrow(/dot-separated/);
    expect(() => OnTimer({ intervalSeconds: 0 })).toThrow(/intervalSeconds/);
    expect(() => OnCreate({ retries: -1 })).toThrow(/retries/);
    expect(() => OnCreate({ condition: 'not ok' })).toThrow(/condition/);
    expect(() => Watches({ group: 'x', version: '', plural: '', kind: '', namespaced: true })).toThrow(/ResourceRef/);
  });

  it('tell what is missing on a class without @Watches or without handlers', () => {
    class Plain {
      @OnCreate() m(): void {}
    }
    @Watches(WIDGETS)
    class Empty {}
    expect(() => scanHandlerClass(Plain)).toThrow(/no @Watches/);
    expect(() => scanHandlerClass(Empty)).toThrow(/no handler methods/);
  });
});
