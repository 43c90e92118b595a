import { messagesFor, type Messages } from '../../src/i18n/index.ts';

/**
 * The archive's chrome: the message catalogue (src/i18n) for every word it has, plus the few words only a web
 * page needs, kept here per catalogue language. Feed text never goes through here.
 */
export interface WebExtras {
  skipToContent: string;
  inThisEdition: string;
  /** Label before a piece's reason line. */
  whyPicked: string;
  linkNotShown(url: string): string;
  linkToPiece(position: number): string;
  editionCount(count: number): string;
  noEditionsYet: string;
  pageOf(page: number, pages: number): string;
  pagination: string;
  searchPrompt: string;
  pieceInEdition(position: number, edition: string): string;
  atomFeed: string;
  homeIntro: string;
  nothingPublic: string;
  latestEdition(date: string): string;
  notFoundTitle: string;
  notFoundBody: string;
}

export type WebStrings = Messages & WebExtras;

const count = (locale: string, n: number, one: string, other: string): string => `${new Intl.NumberFormat(locale).format(n)} ${new Intl.PluralRules(locale).select(n) === 'one' ? one : other}`;

const EXTRAS: Record<string, WebExtras> = {
  en: {
    skipToContent: 'Skip to content',
    inThisEdition: 'In this edition',
    whyPicked: 'Why it was picked',
    linkNotShown: (url) => `Original address (not linked: not an http(s) URL): ${url}`,
    linkToPiece: (n) => `Link to piece ${n}`,
    editionCount: (n) => count('en', n, 'digest', 'digests'),
    noEditionsYet: 'No digest has been posted in this channel yet.',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    pagination: 'Pages',
    searchPrompt: 'Words from a title or a summary, e.g. “reward hacking”.',
    pieceInEdition: (n, edition) => `Piece ${n} of ${edition}`,
    atomFeed: 'Atom feed',
    homeIntro: 'Research digests, archived edition by edition.',
    nothingPublic: 'No channel has made its archive public here. A private archive opens only from the link its channel was given.',
    latestEdition: (date) => `Latest: ${date}`,
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is no page at this address. If someone shared it with you, the link may have changed since; ask them for the current one.',
  },
  de: {
    skipToContent: 'Zum Inhalt springen',
    inThisEdition: 'In dieser Ausgabe',
    whyPicked: 'Warum ausgewählt',
    linkNotShown: (url) => `Originaladresse (nicht verlinkt, keine http(s)-Adresse): ${url}`,
    linkToPiece: (n) => `Link zu Beitrag ${n}`,
    editionCount: (n) => count('de', n, 'Digest', 'Digests'),
    noEditionsYet: 'In diesem Kanal wurde noch kein Digest veröffentlicht.',
    pageOf: (page, pages) => `Seite ${page} von ${pages}`,
    pagination: 'Seiten',
    searchPrompt: 'Wörter aus einem Titel oder einer Zusammenfassung, z. B. „Reward Hacking“.',
    pieceInEdition: (n, edition) => `Beitrag ${n} in ${edition}`,
    atomFeed: 'Atom-Feed',
    homeIntro: 'Forschungs-Digests, Ausgabe für Ausgabe archiviert.',
    nothingPublic: 'Kein Kanal hat sein Archiv hier öffentlich gemacht. Ein privates Archiv öffnet sich nur über den Link, den sein Kanal erhalten hat.',
    latestEdition: (date) => `Neueste: ${date}`,
    notFoundTitle: 'Seite nicht gefunden',
    notFoundBody: 'Unter dieser Adresse gibt es keine Seite. Wenn jemand sie mit Ihnen geteilt hat, wurde der Link vielleicht geändert; fragen Sie nach dem aktuellen.',
  },
  fr: {
    skipToContent: 'Aller au contenu',
    inThisEdition: 'Dans cette édition',
    whyPicked: 'Pourquoi ce choix',
    linkNotShown: (url) => `Adresse d’origine (non liée : pas une adresse http(s)) : ${url}`,
    linkToPiece: (n) => `Lien vers l’article ${n}`,
    editionCount: (n) => count('fr', n, 'digest', 'digests'),
    noEditionsYet: 'Aucun digest n’a encore été publié dans ce canal.',
    pageOf: (page, pages) => `Page ${page} sur ${pages}`,
    pagination: 'Pages',
    searchPrompt: 'Des mots d’un titre ou d’un résumé, par exemple « reward hacking ».',
    pieceInEdition: (n, edition) => `Article ${n} de ${edition}`,
    atomFeed: 'Flux Atom',
    homeIntro: 'Des digests de recherche, archivés édition par édition.',
    nothingPublic: 'Aucun canal n’a rendu son archive publique ici. Une archive privée ne s’ouvre que par le lien donné à son canal.',
    latestEdition: (date) => `Dernière : ${date}`,
    notFoundTitle: 'Page introuvable',
    notFoundBody: 'Il n’y a pas de page à cette adresse. Si quelqu’un vous l’a transmise, le lien a peut-être changé depuis ; demandez-lui le lien actuel.',
  },
  es: {
    skipToContent: 'Saltar al contenido',
    inThisEdition: 'En esta edición',
    whyPicked: 'Por qué se eligió',
    linkNotShown: (url) => `Dirección original (sin enlace: no es una dirección http(s)): ${url}`,
    linkToPiece: (n) => `Enlace al artículo ${n}`,
    editionCount: (n) => count('es', n, 'resumen', 'resúmenes'),
    noEditionsYet: 'Todavía no se ha publicado ningún resumen en este canal.',
    pageOf: (page, pages) => `Página ${page} de ${pages}`,
    pagination: 'Páginas',
    searchPrompt: 'Palabras de un título o un resumen, p. ej. «reward hacking».',
    pieceInEdition: (n, edition) => `Artículo ${n} de ${edition}`,
    atomFeed: 'Feed Atom',
    homeIntro: 'Resúmenes de investigación, archivados edición por edición.',
    nothingPublic: 'Ningún canal ha hecho público su archivo aquí. Un archivo privado solo se abre con el enlace que recibió su canal.',
    latestEdition: (date) => `Último: ${date}`,
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No hay ninguna página en esta dirección. Si alguien te la compartió, puede que el enlace haya cambiado; pídele el actual.',
  },
  ja: {
    skipToContent: '本文へ移動',
    inThisEdition: 'この号の内容',
    whyPicked: '選ばれた理由',
    linkNotShown: (url) => `元のアドレス（http(s) ではないためリンクしていません）: ${url}`,
    linkToPiece: (n) => `記事 ${n} へのリンク`,
    editionCount: (n) => `ダイジェスト ${n} 件`,
    noEditionsYet: 'このチャンネルにはまだダイジェストがありません。',
    pageOf: (page, pages) => `${pages} ページ中 ${page} ページ目`,
    pagination: 'ページ',
    searchPrompt: 'タイトルや要約の言葉（例:「reward hacking」）。',
    pieceInEdition: (n, edition) => `${edition} の記事 ${n}`,
    atomFeed: 'Atom フィード',
    homeIntro: '研究ダイジェストを号ごとに保存しています。',
    nothingPublic: 'ここでアーカイブを公開しているチャンネルはありません。非公開のアーカイブは、そのチャンネルに共有されたリンクからのみ開けます。',
    latestEdition: (date) => `最新: ${date}`,
    notFoundTitle: 'ページが見つかりません',
    notFoundBody: 'このアドレスにはページがありません。共有されたリンクの場合は変更された可能性があるので、最新のリンクを確認してください。',
  },
  zh: {
    skipToContent: '跳到正文',
    inThisEdition: '本期内容',
    whyPicked: '入选理由',
    linkNotShown: (url) => `原始地址（不是 http(s) 地址，未加链接）：${url}`,
    linkToPiece: (n) => `第 ${n} 篇的链接`,
    editionCount: (n) => `${n} 期摘要`,
    noEditionsYet: '这个频道还没有发布过摘要。',
    pageOf: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
    pagination: '分页',
    searchPrompt: '标题或摘要中的词语，例如“reward hacking”。',
    pieceInEdition: (n, edition) => `${edition} 第 ${n} 篇`,
    atomFeed: 'Atom 订阅',
    homeIntro: '研究摘要，按期归档。',
    nothingPublic: '这里还没有频道公开自己的归档。私有归档只能通过发给该频道的链接打开。',
    latestEdition: (date) => `最新：${date}`,
    notFoundTitle: '找不到页面',
    notFoundBody: '这个地址没有页面。如果是别人分享给你的，链接可能已经更换，请向对方索取最新的链接。',
  },
};

/** The chrome in `language` (BCP 47): the catalogue's words and the web's own, English where there is no catalogue. */
export function webStrings(language: string): WebStrings {
  const messages = messagesFor(language);
  // On top of the catalogue (not copied out of it), so its methods keep working however they are written.
  return Object.assign(Object.create(messages) as Messages, EXTRAS[messages.language] ?? EXTRAS.en!) as WebStrings;
}

/** Languages the web-only words exist in; must cover every catalogue language (tests check). */
export const WEB_EXTRA_LANGUAGES: readonly string[] = Object.keys(EXTRAS);
