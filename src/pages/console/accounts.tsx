// The console's accounts: admins list them, invite a colleague (an account with a
// temporary password, shown once), change a role, disable an account (its sessions end at
// once) or enable it again (/console/accounts); everyone changes their own password
// (/console/password). Through the same services and schemas as the API.
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { NewUserInput, PasswordChange, UserPatch } from '../../auth/auth.schemas.ts';
import { changePassword, createUser, listAccounts, updateAccount, type UserJson } from '../../auth/auth.service.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { hashToken } from '../../auth/tokens.ts';
import { AppError } from '../../errors.ts';
import type { Station } from '../../db/schema.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { clientAddress } from '../../http/client.ts';
import { Notices } from '../components.tsx';
import { directory } from '../data.ts';
import { readForm, text, texts } from '../forms.ts';
import { CsrfField, Layout, type PageContext, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';
import { manageWords } from './manage.i18n.ts';
import { adminOnly, Field, isAdmin, refusal, valuesOf } from './manage.tsx';

type Values = Record<string, string>;
const ROLES = ['coordinator', 'admin'] as const;

const LANGUAGES = ['id', 'en'] as const;

const AccountsPage: FC<{ x: ConsoleContext; accounts: UserJson[]; stations: Station[]; values: Values; notice?: string; errors?: Child[] }> = ({ x, accounts, stations, values, notice, errors }) => {
  const w = manageWords(x.p.lang);
  const myId = x.p.actor.kind === 'user' ? x.p.actor.id : '';
  return (
    <Layout p={x.p} title={w.accounts} area="console" signOut={x.csrf}>
      <h1>{w.accounts}</h1>
      <Notices notice={notice} errors={errors} title={errors ? x.p.t.fixFields : undefined} />
      <ul class="cards" id="accounts">
        {accounts.map((a) => (
          <li>
            <h2>
              {a.name} {a.id === myId ? w.you : ''}{' '}
              <span class={`badge ${a.disabled ? 'cancelled' : 'published'}`}>{a.disabled ? w.disabled : w.active}</span>
            </h2>
            <p class="meta">
              {a.email} · {w.roles[a.role]}
            </p>
            <form method="post" action={`/console/accounts/${a.id}`} class="search">
              <CsrfField token={x.csrf} />
              <div>
                <label for={`role-${a.id}`}>{w.role}</label>
                <select id={`role-${a.id}`} name="role">
                  {ROLES.map((role) => (
                    <option value={role} selected={a.role === role}>
                      {w.roles[role]}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="secondary" aria-label={`${w.changeRole}: ${a.name}`}>
                {w.changeRole}
              </button>
            </form>
            {/* Which stations' unanswered invitations reach this person in the daily digest, and in which language. */}
            <form method="post" action={`/console/accounts/${a.id}`}>
              <CsrfField token={x.csrf} />
              <input type="hidden" name="coverage" value="1" />
              <fieldset>
                <legend>{w.coverage(a.name)}</legend>
                <div class="checks">
                  {stations.map((st) => (
                    <label>
                      <input type="checkbox" name="stationIds" value={st.id} checked={a.stationIds.includes(st.id)} /> {st.name}
                    </label>
                  ))}
                </div>
                <p class="meta">{w.coverageHelp}</p>
                <label for={`language-${a.id}`}>{w.messageLanguage}</label>
                <select id={`language-${a.id}`} name="language">
                  {LANGUAGES.map((lang) => (
                    <option value={lang} selected={a.language === lang}>
                      {w.languages[lang]}
                    </option>
                  ))}
                </select>
                <button type="submit" class="secondary">
                  {w.saveCoverage}
                </button>
              </fieldset>
            </form>
            <form method="post" action={`/console/accounts/${a.id}`}>
              <CsrfField token={x.csrf} />
              <input type="hidden" name="disabled" value={a.disabled ? 'no' : 'yes'} />
              <button type="submit" class={a.disabled ? 'secondary' : 'danger'} aria-label={`${a.disabled ? w.enable : w.disable}: ${a.name}`}>
                {a.disabled ? w.enable : w.disable}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>{w.addAccount}</h2>
      <form method="post" action="/console/accounts">
        <CsrfField token={x.csrf} />
        <div class="row">
          <Field name="name" label={w.accountName} value={values.name} required maxlength={200} />
          <Field name="email" label={w.email} type="email" value={values.email} required maxlength={254} autocomplete="off" />
        </div>
        <label for="f-role">{w.role}</label>
        <select id="f-role" name="role">
          {ROLES.map((role) => (
            <option value={role} selected={(values.role || 'coordinator') === role}>
              {w.roles[role]}
            </option>
          ))}
        </select>
        <Field name="password" label={w.temporaryPassword} type="password" maxlength={1024} autocomplete="new-password" help={w.temporaryHelp} />
        <p>
          <button type="submit">{w.addAccount}</button>
        </p>
      </form>
    </Layout>
  );
};

const PasswordPage: FC<{ x: ConsoleContext; notice?: string; errors?: Child[] }> = ({ x, notice, errors }) => {
  const w = manageWords(x.p.lang);
  return (
    <Layout p={x.p} title={w.changePassword} area="console" signOut={x.csrf}>
      <h1>{w.changePassword}</h1>
      <Notices notice={notice} errors={errors} title={errors ? x.p.t.fixFields : undefined} />
      <form method="post" action="/console/password">
        <CsrfField token={x.csrf} />
        {/* The account's email, for password managers to file the new password under. */}
        <input type="hidden" name="username" autocomplete="username" value={x.p.actor.kind === 'user' ? x.p.actor.email : ''} />
        <Field name="currentPassword" label={w.currentPassword} type="password" required maxlength={1024} autocomplete="current-password" />
        <Field name="newPassword" label={w.newPassword} type="password" required maxlength={1024} autocomplete="new-password" />
        <Field name="repeatPassword" label={w.repeatPassword} type="password" required maxlength={1024} autocomplete="new-password" />
        <p>
          <button type="submit">{w.changePassword}</button>
        </p>
      </form>
    </Layout>
  );
};

export function accountConsolePages({ db }: Deps) {
  async function accountsPage(c: PageContext, x: ConsoleContext, extra: { values?: Values; notice?: string; errors?: Child[] } = {}, status: 200 | 400 | 404 | 409 | 429 = 200) {
    const [accounts, { stations }] = await Promise.all([listAccounts(db), directory(db)]);
    return render(c, <AccountsPage x={x} accounts={accounts} stations={[...stations.values()]} values={extra.values ?? {}} notice={extra.notice} errors={extra.errors} />, status);
  }

  return new Hono<AppEnv>()
    .get('/accounts', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      if (!isAdmin(me.x)) return adminOnly(c, me.x);
      const w = manageWords(me.x.p.lang);
      const done = c.req.query('done');
      const notice =
        done === 'disabled' ? w.disabledNotice : done === 'enabled' ? w.enabledNotice : done === 'role' ? w.roleChanged : done === 'coverage' ? w.coverageSaved : undefined;
      return accountsPage(c, me.x, { notice });
    })
    .post('/accounts', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      if (!isAdmin(me.x)) return adminOnly(c, me.x);
      const values = valuesOf(fields, ['name', 'email', 'role']);
      const typed = text(fields, 'password');
      const password = typed || generatePassword();
      const w = manageWords(me.x.p.lang);
      try {
        const user = await createUser(db, NewUserInput.parse({ ...values, password }));
        // Shown on this answer only, never put in an address: a redirect would log it.
        return accountsPage(c, me.x, { notice: typed ? w.invitedOwnPassword(user.email) : w.invited(user.email, password) });
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return accountsPage(c, me.x, { values, errors: problem.lines }, problem.status);
      }
    })
    .post('/accounts/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      if (!isAdmin(me.x)) return adminOnly(c, me.x);
      const disabled = text(fields, 'disabled');
      const role = text(fields, 'role');
      const coverage = text(fields, 'coverage') === '1';
      try {
        const patch = UserPatch.parse(
          coverage ? { stationIds: texts(fields, 'stationIds'), language: text(fields, 'language') } : disabled ? { disabled: disabled === 'yes' } : { role },
        );
        await updateAccount(db, me.actor.id, c.req.param('id'), patch);
        return c.redirect(`/console/accounts?done=${coverage ? 'coverage' : disabled ? (disabled === 'yes' ? 'disabled' : 'enabled') : 'role'}`, 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        return accountsPage(c, me.x, { errors: problem.lines }, problem.status);
      }
    })
    .get('/password', (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      return render(c, <PasswordPage x={me.x} notice={c.req.query('done') === 'changed' ? manageWords(me.x.p.lang).passwordChanged : undefined} />);
    })
    .post('/password', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const credential = credentialOf(c);
      const fields = await readForm(c, credential);
      const w = manageWords(me.x.p.lang);
      if (text(fields, 'newPassword') !== text(fields, 'repeatPassword')) return render(c, <PasswordPage x={me.x} errors={[w.passwordsDiffer]} />, 400);
      try {
        const input = PasswordChange.parse({ currentPassword: text(fields, 'currentPassword'), newPassword: text(fields, 'newPassword') });
        // This session stays signed in; the others end.
        await changePassword(db, me.actor.id, input, { address: clientAddress(c), keepTokenHash: credential ? hashToken(credential) : undefined });
        return c.redirect('/console/password?done=changed', 303);
      } catch (error) {
        if (error instanceof AppError && error.status === 429 && typeof error.details?.retryAfter === 'number') c.header('Retry-After', String(error.details.retryAfter));
        const problem = refusal(error, me.x.p);
        return render(c, <PasswordPage x={me.x} errors={problem.lines} />, problem.status);
      }
    });
}
