/**
 * A small Handlebars view engine for Express: each template, partial and layout
 * is compiled once and kept, whatever NODE_ENV says (express-handlebars would
 * recompile on every request without view caching, and its current versions
 * need Node 22). Pages render inside `views/layouts/main.hbs` unless
 * `layout: false` is passed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

type Template = Handlebars.TemplateDelegate;

export function createViewEngine(viewsDir: string) {
  const hbs = Handlebars.create();
  const partialsDir = join(viewsDir, 'partials');
  // Partials are registered compiled: Handlebars compiles a partial given as a string
  // again on every page that uses it (30 question partials per form).
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(readFileSync(join(partialsDir, file), 'utf8')));
  }
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // Joins its arguments as text (the last argument is Handlebars' options object).
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));

  const cache = new Map<string, Template>();
  const compiled = (file: string): Template => {
    let template = cache.get(file);
    if (!template) {
      template = hbs.compile(readFileSync(file, 'utf8'), { strict: false });
      cache.set(file, template);
    }
    return template;
  };

  return function render(filePath: string, options: object, callback: (err: unknown, html?: string) => void): void {
    try {
      const context = options as Record<string, unknown>;
      const body = compiled(filePath)(context);
      const layout = context.layout === false ? null : join(viewsDir, 'layouts', `${String(context.layout ?? 'main')}.hbs`);
      callback(null, layout ? compiled(layout)({ ...context, body }) : body);
    } catch (err) {
      callback(err);
    }
  };
}
