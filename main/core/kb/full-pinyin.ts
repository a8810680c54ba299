/**
 * Full pinyin of titles and keywords, so an agent can type `kuangquan` or
 * `kuang quan` for 狂犬 (initials, `kqb`, are in title-initials.ts).
 *
 * ```
 *   index:  "狂犬病暴露，HPV疫苗" + keywords [犬伤]
 *           → "kuang quan bing bao lu hpv yi miao ⁣ quan shang"
 *             (syllables from pinyin-pro, read in context; word runs kept whole;
 *              U+2063 between fields, as in kb_fts_all, so no phrase spans two)
 *   query:  "kuangquan" | "kuang quan" | "kuangq"
 *           → syllables ["kuang", "quan"] (+ "q" as a prefix while typing)
 * ```
 *
 * Splitting typed letters into syllables takes the fewest syllables (xian →
 * xian, not xi an), the first syllable as long as it can be on a tie; the
 * last piece may be the start of a syllable the agent is still typing.
 */
import { pinyin } from 'pinyin-pro';
import { isCjkChar, normalizeText, splitRuns } from './search-text.js';

/** Every syllable of Mandarin without tones (ü written v), as pinyin-pro spells them. */
const syllables = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen ' +
    'cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dia dian diao die ' +
    'ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan ' +
    'guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju ' +
    'juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao ' +
    'lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne ' +
    'nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po ' +
    'pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se ' +
    'sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang ' +
    'tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu ' +
    'xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng ' +
    'zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);
const longestSyllable = 6;
const syllablePrefixes = new Set<string>();
for (const s of syllables) for (let i = 1; i <= s.length; i++) syllablePrefixes.add(s.slice(0, i));

/** Between fields: not a letter, so no query produces it (see prepare-record.ts). */
const fieldBreak = ' \u2063 ';

/** The kb_fts_pinyin text of a record: syllables of the title, then of each keyword. */
export function toFullPinyinIndexText(title: string, keys: readonly string[]): string {
  return [title, ...keys]
    .map(fieldSyllables)
    .filter((t) => t !== '')
    .join(fieldBreak);
}

function fieldSyllables(text: string): string {
  const tokens: string[] = [];
  for (const run of splitRuns(normalizeText(text))) {
    if (!run.cjk) {
      tokens.push(run.text);
      continue;
    }
    const chars = Array.from(run.text);
    pinyin(run.text, { toneType: 'none', type: 'array', v: true }).forEach((syllable, i) => {
      const s = syllable.toLowerCase();
      // Characters without pinyin (kana, Hangul, rare ones) come back as themselves: leave them out.
      if (/^[a-z]+$/.test(s) && isCjkChar(chars[i] ?? '')) tokens.push(s);
    });
  }
  return tokens.join(' ');
}

/** Typed letters as pinyin syllables; the last may be a prefix. Null when they are not pinyin. */
export interface PinyinQuery {
  readonly syllables: readonly string[];
  /** The last syllable is incomplete (still being typed). */
  readonly prefix: boolean;
}

/**
 * `["kuangquan"]` or `["kuang", "quan"]` → kuang quan. Null when any word is
 * not letters only, or the letters cannot be read as syllables, or they are
 * too short to mean much (one syllable under 4 letters: `ma`, `an`).
 */
export function pinyinQuery(words: readonly string[]): PinyinQuery | null {
  const all: string[] = [];
  let prefix = false;
  for (let w = 0; w < words.length; w++) {
    const word = words[w] as string;
    if (!/^[a-z]{1,40}$/.test(word)) return null;
    const split = splitSyllables(word, w === words.length - 1);
    if (!split) return null;
    all.push(...split.syllables);
    prefix = split.prefix;
  }
  if (all.length === 0) return null;
  if (all.length === 1 && ((all[0] as string).length < 4 || prefix)) return null;
  return { syllables: all, prefix };
}

function splitSyllables(word: string, allowPartialEnd: boolean): PinyinQuery | null {
  // best[i]: fewest syllables covering word[0, i), and the split.
  const best: (string[] | null)[] = Array.from({ length: word.length + 1 }, () => null);
  best[0] = [];
  for (let i = 0; i < word.length; i++) {
    const before = best[i];
    if (!before) continue;
    for (let len = Math.min(longestSyllable, word.length - i); len >= 1; len--) {
      const piece = word.slice(i, i + len);
      if (!syllables.has(piece)) continue;
      const candidate = [...before, piece];
      const current = best[i + len];
      if (!current || candidate.length < current.length) best[i + len] = candidate;
    }
  }
  const whole = best[word.length];
  if (whole) return { syllables: whole, prefix: false };
  if (!allowPartialEnd) return null;
  // The agent is still typing: the longest covered start plus a syllable prefix.
  for (let cut = word.length - 1; cut >= Math.max(1, word.length - longestSyllable); cut--) {
    const head = best[cut];
    const tail = word.slice(cut);
    if (head && syllablePrefixes.has(tail)) return { syllables: [...head, tail], prefix: true };
  }
  return null;
}
