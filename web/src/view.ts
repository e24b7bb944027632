/**
 * The DOM view: renders the controller's state into the static markup of index.html and turns user input into
 * controller calls. Elements are built with createElement and textContent only (titles are never parsed as
 * HTML), and list items are reused by id so focus survives a re-render.
 */
import type { Todo } from './api-client';
import type { AppState, TodoController } from './controller';
import { countTodos, filterFromHash, itemsLeftLabel, visibleTodos, type Filter } from './todo-state';

export interface AccountActions {
  signIn(): void;
  signOut(): void;
}

export interface ViewOptions {
  /** Sign-in UI (Cognito); undefined: auth is off and no account UI shows. */
  readonly account?: AccountActions;
  /** Whether the user is signed in now (always true with auth off). */
  readonly isSignedIn: () => boolean;
}

const EMPTY_TEXT: Record<Filter, string> = {
  all: '',
  active: 'Nothing left to do.',
  completed: 'Nothing completed yet.',
};

export class TodoView {
  private filter: Filter;
  private editingId: string | undefined;
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly el: {
    app: HTMLElement;
    status: HTMLElement;
    statusText: HTMLElement;
    dismiss: HTMLButtonElement;
    account: HTMLElement;
    signInPanel: HTMLElement;
    board: HTMLElement;
    form: HTMLFormElement;
    input: HTMLInputElement;
    main: HTMLElement;
    toggleAll: HTMLInputElement;
    list: HTMLUListElement;
    empty: HTMLElement;
    footer: HTMLElement;
    count: HTMLElement;
    clear: HTMLButtonElement;
    filters: HTMLAnchorElement[];
  };

  constructor(
    private readonly doc: Document,
    private readonly controller: TodoController,
    private readonly options: ViewOptions,
  ) {
    const q = <T extends Element>(selector: string): T => {
      const found = doc.querySelector<T>(selector);
      if (found === null) {
        throw new Error(`index.html has no ${selector}`);
      }
      return found;
    };
    this.el = {
      app: q('[data-testid="todo-app"]'),
      status: q('.status'),
      statusText: q('[data-testid="status"]'),
      dismiss: q('[data-action="dismiss"]'),
      account: q('[data-testid="account"]'),
      signInPanel: q('[data-testid="sign-in-panel"]'),
      board: q('.board'),
      form: q('.new-todo-form'),
      input: q('#new-todo'),
      main: q('.main'),
      toggleAll: q('#toggle-all'),
      list: q('[data-testid="todo-list"]'),
      empty: q('[data-testid="empty"]'),
      footer: q('.footer'),
      count: q('[data-testid="todo-count"]'),
      clear: q('[data-action="clear-completed"]'),
      filters: Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[data-filter]')),
    };
    this.filter = filterFromHash(doc.location.hash);
    this.bind();
    controller.subscribe((state) => this.render(state));
    this.render(controller.state);
  }

  /** Shows the hash route's filter (on hashchange). */
  setFilter(hash: string): void {
    this.filter = filterFromHash(hash);
    this.render(this.controller.state);
  }

  private bind(): void {
    const { el, controller } = this;
    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const title = el.input.value;
      void controller.add(title).then((created) => {
        if (created && el.input.value === title) {
          el.input.value = '';
        }
      });
    });
    el.toggleAll.addEventListener('change', () => void controller.toggleAll());
    el.clear.addEventListener('click', () => {
      void controller.clearCompleted().then(() => this.keepFocus());
    });
    el.dismiss.addEventListener('click', () => {
      controller.dismissMessage();
      el.input.focus();
    });
    const account = this.options.account;
    if (account !== undefined) {
      this.doc.querySelector('[data-action="sign-in"]')?.addEventListener('click', () => account.signIn());
      this.doc.querySelector('[data-action="sign-out"]')?.addEventListener('click', () => account.signOut());
    }

    // One set of listeners for every item (event delegation).
    el.list.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      const id = this.idOf(target);
      if (id !== undefined && target.classList.contains('toggle')) {
        void controller.toggle(id, target.checked);
      }
    });
    el.list.addEventListener('click', (event) => {
      const target = (event.target as HTMLElement).closest('button');
      const id = target === null ? undefined : this.idOf(target);
      if (target === null || id === undefined) return;
      if (target.classList.contains('destroy')) {
        void controller.remove(id).then(() => this.keepFocus());
      } else if (target.classList.contains('edit')) {
        this.startEditing(id);
      }
    });
    el.list.addEventListener('dblclick', (event) => {
      const target = event.target as HTMLElement;
      const id = this.idOf(target);
      if (id !== undefined && target.classList.contains('title')) {
        this.startEditing(id);
      }
    });
    el.list.addEventListener('keydown', (event) => {
      const target = event.target as HTMLInputElement;
      if (!target.classList.contains('edit-field')) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        this.stopEditing(target, true, true);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.stopEditing(target, false, true);
      }
    });
    el.list.addEventListener('focusout', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.classList.contains('edit-field')) {
        this.stopEditing(target, true, false);
      }
    });
  }

  private idOf(element: Element): string | undefined {
    return element.closest<HTMLElement>('li[data-id]')?.dataset.id;
  }

  private startEditing(id: string): void {
    const todo = this.controller.state.todos.find((item) => item.id === id);
    const item = this.items.get(id);
    if (todo === undefined || item === undefined) return;
    this.editingId = id;
    item.classList.add('editing');
    const field = this.doc.createElement('input');
    field.className = 'edit-field';
    field.value = todo.title;
    field.maxLength = this.el.input.maxLength; // the same limit as the new-todo field in index.html
    field.setAttribute('aria-label', 'Edit todo');
    field.setAttribute('enterkeyhint', 'done');
    item.append(field);
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }

  /** Leaves edit mode, saving (Enter, blur) or not (Escape); refocuses the item when the keyboard ended it. */
  private stopEditing(field: HTMLInputElement, save: boolean, refocus: boolean): void {
    const item = field.closest<HTMLLIElement>('li[data-id]');
    const id = item?.dataset.id;
    if (item === null || id === undefined || this.editingId !== id) return;
    this.editingId = undefined;
    const title = field.value;
    item.classList.remove('editing');
    field.remove(); // fires focusout: editingId is already cleared, so it is ignored
    if (refocus) {
      item.querySelector<HTMLButtonElement>('button.edit')?.focus();
    }
    if (save) {
      void this.controller.rename(id, title).then(() => this.keepFocus());
    }
  }

  /** After items went away, keep keyboard focus in the app instead of losing it to the page. */
  private keepFocus(): void {
    const active = this.doc.activeElement;
    if (active === null || active === this.doc.body || !active.isConnected) {
      this.el.input.focus();
    }
  }

  private render(state: AppState): void {
    const { el } = this;
    const signedIn = this.options.isSignedIn() && !state.signedOut;
    el.app.setAttribute('aria-busy', String(state.busy || (signedIn && !state.loaded)));

    // Status
    const text = state.message?.text ?? '';
    if (el.statusText.textContent !== text) el.statusText.textContent = text;
    el.status.dataset.kind = state.message?.kind ?? 'none';
    el.dismiss.hidden = state.message === undefined;

    // Account
    el.account.hidden = this.options.account === undefined || !signedIn;
    el.signInPanel.hidden = this.options.account === undefined || signedIn;
    el.board.hidden = !signedIn;

    // List
    const counts = countTodos(state.todos);
    const shown = visibleTodos(state.todos, this.filter);
    el.main.hidden = counts.total === 0;
    el.footer.hidden = counts.total === 0;
    el.toggleAll.checked = counts.total > 0 && counts.active === 0;
    el.empty.hidden = shown.length > 0 || counts.total === 0;
    el.empty.textContent = EMPTY_TEXT[this.filter];
    el.count.textContent = itemsLeftLabel(counts.active);
    el.clear.hidden = counts.completed === 0;
    for (const link of el.filters) {
      const selected = link.dataset.filter === this.filter;
      link.classList.toggle('selected', selected);
      if (selected) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    this.renderItems(shown);
  }

  private renderItems(todos: readonly Todo[]): void {
    const { list } = this.el;
    const wanted = new Set(todos.map((todo) => todo.id));
    for (const [id, item] of this.items) {
      if (!wanted.has(id)) {
        const hadFocus = item.contains(this.doc.activeElement);
        item.remove();
        this.items.delete(id);
        if (id === this.editingId) this.editingId = undefined;
        if (hadFocus) this.el.input.focus();
      }
    }
    todos.forEach((todo, index) => {
      const item = this.items.get(todo.id) ?? this.createItem(todo);
      this.updateItem(item, todo);
      if (list.children[index] !== item) {
        list.insertBefore(item, list.children[index] ?? null);
      }
    });
  }

  private createItem(todo: Todo): HTMLLIElement {
    const d = this.doc;
    const item = d.createElement('li');
    item.dataset.id = todo.id;
    item.dataset.testid = 'todo-item';
    const view = d.createElement('div');
    view.className = 'view';
    const toggle = d.createElement('input');
    toggle.type = 'checkbox';
    toggle.className = 'toggle';
    const title = d.createElement('span');
    title.className = 'title';
    title.id = `todo-${todo.id}-title`;
    toggle.setAttribute('aria-labelledby', title.id);
    const edit = d.createElement('button');
    edit.type = 'button';
    edit.className = 'edit';
    edit.textContent = 'Edit';
    const destroy = d.createElement('button');
    destroy.type = 'button';
    destroy.className = 'destroy';
    destroy.textContent = '\u00d7';
    view.append(toggle, title, edit, destroy);
    item.append(view);
    this.items.set(todo.id, item);
    return item;
  }

  private updateItem(item: HTMLLIElement, todo: Todo): void {
    item.className = `todo${todo.completed ? ' completed' : ''}${this.editingId === todo.id ? ' editing' : ''}`;
    const toggle = item.querySelector<HTMLInputElement>('.toggle');
    const title = item.querySelector<HTMLElement>('.title');
    if (toggle !== null) toggle.checked = todo.completed;
    if (title !== null && title.textContent !== todo.title) title.textContent = todo.title;
    item.querySelector('.edit')?.setAttribute('aria-label', `Edit “${todo.title}”`);
    item.querySelector('.destroy')?.setAttribute('aria-label', `Delete “${todo.title}”`);
  }
}
