/**
 * Seeded synthetic knowledge base for `npm run bench:kb`: articles of
 * 300–1500 Chinese characters written from a health-hotline vocabulary
 * (Zipf-distributed, so common words are very common and rare ones rare, as
 * in real text), with numbers (12320, 12333, dates), Latin terms (HPV, CT,
 * B超) and Markdown structure (headings, lists). The same seed and size give
 * the same corpus, record by record, so a bench phase can regenerate it
 * (e.g. to serve it over HTTP) without holding it in memory.
 *
 * Also generates the 1,000 mixed queries, drawn from the same vocabulary.
 */
import type { KbArticleRecord } from '../../main/core/kb/kb-record.js';
import { seededRandom } from './seeded-random.js';

/** Domain words: what agents type and articles say. */
export const domainWords = (
  '疫苗 接种 预约 挂号 狂犬 狂犬病 犬伤 门诊 伤口 冲洗 免疫 球蛋白 暴露 处置 咬伤 抓伤 流感 新冠 乙肝 ' +
  '卡介苗 百白破 麻腮风 脊灰 水痘 带状疱疹 肺炎 宫颈癌 九价 四价 二价 儿童 老人 孕妇 哺乳期 ' +
  '投诉 举报 建议 表扬 咨询 求助 医院 医生 护士 科室 急诊 住院 出院 病历 处方 药品 药店 收费 退费 ' +
  '医保 报销 异地 结算 社保卡 医保卡 电子凭证 门诊统筹 大病 慢性病 特殊病种 ' +
  '食物中毒 腹泻 呕吐 发热 聚餐 餐馆 外卖 食堂 卫生监督 疾控中心 传染病 报告 隔离 密切接触者 ' +
  '结核病 艾滋病 梅毒 手足口病 诺如病毒 登革热 霍乱 鼠疫 猴痘 ' +
  '控烟 吸烟 禁烟 二手烟 电子烟 公共场所 室内 劝阻 罚款 执法 ' +
  '心理 抑郁 焦虑 失眠 热线 危机 干预 自杀 倾诉 精神卫生 ' +
  '体检 健康证 从业人员 出生证明 死亡证明 母婴 新生儿 儿保 妇幼 产检 ' +
  '医疗纠纷 调解 鉴定 赔偿 医德医风 红包 回扣 服务态度 等候时间 号源 黄牛 ' +
  '家庭医生 签约 社区 卫生服务中心 乡镇卫生院 转诊 分级诊疗 ' +
  '核酸 抗原 检测 采样 报告单 化验 检查 核磁共振 胃镜 肠镜 ' +
  '口腔 眼科 耳鼻喉 皮肤科 儿科 妇科 产科 骨科 中医 针灸 康复 ' +
  '职业病 放射 辐射 噪声 粉尘 饮用水 二次供水 游泳池 美容 美发 ' +
  '健康码 行程 发热门诊 预检分诊 陪护 探视 停车 ' +
  '来电人 坐席 工单 回访 转办 办结 时限 工作日 部门 受理 ' +
  '时间 地点 姓名 电话 地址 身份证 材料 流程 条件 费用 政策 规定 ' +
  '免费 自费 补贴 标准 范围 对象 办理 申请 审核 领取 查询 ' +
  '症状 治疗 预防 传播 潜伏期 并发症 过敏 不良反应 禁忌 剂次 间隔 加强针 ' +
  '营养 饮食 运动 睡眠 戒烟 限酒 高血压 糖尿病 血脂 肥胖 ' +
  '急救 心肺复苏 中暑 溺水 烧伤 骨折 中毒 农药 一氧化碳 毒蘑菇 ' +
  '献血 器官捐献 遗体 殡葬 计划生育 独生子女 奖励 扶助 ' +
  '互联网医院 远程 在线问诊 电子处方 配送 ' +
  '考试 资格 执业 注册 多点执业 护士证 医师证 ' +
  '医疗美容 整形 无证行医 非法行医 假药 虚假广告 ' +
  '健康教育 讲座 宣传 义诊 筛查 早诊早治 两癌 ' +
  '狂犬疫苗 流感疫苗 新冠疫苗 乙肝疫苗 宫颈癌疫苗 肺炎疫苗 带状疱疹疫苗'
)
  .split(/\s+/)
  .filter(Boolean);

/** Function words and connectives that fill sentences. */
const fillerWords = (
  '的 了 在 是 和 与 或 及 对 按 为 由 向 从 到 可 可以 需要 应当 应 请 您 我们 如果 因为 所以 但是 ' +
  '一般 通常 具体 相关 有关 其他 以及 等 情况 问题 方面 时候 之后 之前 期间 进行 提供 告知 说明 建议 ' +
  '注意 确认 核实 记录 联系 拨打 前往 携带 出示 保留 尽快 及时 立即 同时 另外 此外 首先 然后 最后'
)
  .split(/\s+/)
  .filter(Boolean);

/** Numbers and Latin terms as they appear in hotline articles. */
export const numericTerms = [
  '12320', '12333', '12345', '12315', '12393', '12356', '120', '110', '119', '114', '96120',
  'HPV', 'CT', 'B超', 'MRI', 'CDC', 'PCR', 'HIV', 'PPD', 'DTaP', 'A群', 'C群', 'Ⅱ级', 'Ⅲ级',
  '2025', '2026', '24小时', '48小时', '72小时', '0571', '88888888',
];

const categories = [
  '预防接种', '狂犬病防治', '预约挂号', '医疗投诉', '食品安全', '控烟', '传染病', '心理健康',
  '医保政策', '妇幼健康', '卫生监督', '急救常识', '慢病管理', '医疗机构', '职业健康', '健康教育',
  '证明办理', '医疗纠纷', '计划生育', '互联网医疗',
];


/** Zipf sampler over a list: index i has weight 1 / (i + 1)^s. */
function zipf<T>(items: readonly T[], s: number): (random: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((_, i) => {
    total += 1 / Math.pow(i + 1, s);
    cumulative.push(total);
  });
  return (random) => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] as T;
  };
}

// A fixed shuffle of the vocabulary decides which words are "common".
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pickDomain = zipf(shuffled(domainWords, 7), 1.0);
const pickFiller = zipf(fillerWords, 0.8);
const pickNumeric = zipf(numericTerms, 0.9);
const punctuation = ['，', '，', '，', '、', '；', '。'];

function sentence(random: () => number, chars: number): string {
  let out = '';
  let sinceBreak = 0;
  while (out.length < chars) {
    const r = random();
    const word = r < 0.5 ? pickDomain(random) : r < 0.97 ? pickFiller(random) : pickNumeric(random);
    out += word;
    sinceBreak += word.length;
    if (sinceBreak > 8 && random() < 0.25) {
      out += punctuation[Math.floor(random() * punctuation.length)] as string;
      sinceBreak = 0;
    }
  }
  return out.replace(/[，、；]$/, '') + '。';
}

function title(random: () => number): string {
  const parts: string[] = [];
  const n = 2 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) parts.push(random() < 0.12 ? pickNumeric(random) : pickDomain(random));
  const ending = ['怎么办', '如何办理', '有哪些', '需要注意什么', '在哪里', '流程', '规定', '？', ''];
  return parts.join(random() < 0.2 ? '、' : '') + (ending[Math.floor(random() * ending.length)] as string);
}

/** The article at `index` of a corpus (deterministic in seed and index). */
export function syntheticArticle(seed: number, index: number): KbArticleRecord {
  const random = seededRandom((seed * 1_000_003 + index * 7919) >>> 0);
  const targetChars = 300 + Math.floor(random() * 1200);
  const lines: string[] = [];
  let chars = 0;
  while (chars < targetChars) {
    const shape = random();
    if (shape < 0.15) {
      const heading = `## ${pickDomain(random)}${pickDomain(random)}`;
      lines.push('', heading, '');
      chars += heading.length - 3;
    } else if (shape < 0.45) {
      const item = sentence(random, 12 + Math.floor(random() * 30));
      lines.push(`- ${item}`);
      chars += item.length;
    } else {
      const para = sentence(random, 30 + Math.floor(random() * 80));
      lines.push('', para);
      chars += para.length;
    }
  }
  const tags = [pickDomain(random), pickDomain(random), pickDomain(random)];
  const keywords = [pickDomain(random), pickDomain(random), pickDomain(random), pickDomain(random)];
  return {
    kind: 'article',
    id: `syn-${index}`,
    version: 1,
    updatedAt: '2026-11-01T08:00:00.000Z',
    title: title(random),
    summary: sentence(random, 30 + Math.floor(random() * 30)),
    body: lines.join('\n').trim(),
    format: 'markdown',
    category: categories[Math.floor(random() * categories.length)] as string,
    tags: [...new Set(tags)],
    keywords: [...new Set(keywords)],
  };
}

/** The corpus as batches (so 100k articles are never all in memory). */
export function* syntheticBatches(seed: number, size: number, batchSize = 1000): Generator<KbArticleRecord[]> {
  for (let start = 0; start < size; start += batchSize) {
    const batch: KbArticleRecord[] = [];
    for (let i = start; i < Math.min(size, start + batchSize); i++) batch.push(syntheticArticle(seed, i));
    yield batch;
  }
}

export const queryClasses = ['1-char', '2-char', '3-4-char', 'multi-word', 'numeric'] as const;
export type QueryClass = (typeof queryClasses)[number];

export interface BenchQuery {
  readonly text: string;
  readonly cls: QueryClass;
}

const fullWidth = (s: string): string => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A substring of length n of a random domain word that has at least n characters (else a word pair's edge). */
function piece(random: () => number, n: number): string {
  for (let tries = 0; tries < 50; tries++) {
    const word = random() < 0.7 ? pickDomain(random) : (domainWords[Math.floor(random() * domainWords.length)] as string);
    const chars = Array.from(word);
    if (chars.length >= n) {
      const at = Math.floor(random() * (chars.length - n + 1));
      return chars.slice(at, at + n).join('');
    }
  }
  return Array.from(pickDomain(random) + pickDomain(random)).slice(0, n).join('');
}

/**
 * `count` queries, evenly over the five classes, in a shuffled order. About
 * 3 % are made to find nothing (characters no article uses).
 */
export function benchQueries(seed: number, count: number): BenchQuery[] {
  const random = seededRandom(seed ^ 0x5eed);
  const rare = '龘靐齉爩麤貙鱻蠿厵灪'.split('');
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const cls = queryClasses[i % queryClasses.length] as QueryClass;
    const noHit = random() < 0.03;
    let text: string;
    switch (cls) {
      case '1-char':
        text = noHit ? (rare[Math.floor(random() * rare.length)] as string) : piece(random, 1);
        break;
      case '2-char':
        text = noHit ? `${rare[i % rare.length]}${rare[(i + 3) % rare.length]}` : piece(random, 2);
        break;
      case '3-4-char':
        text = noHit ? `${rare[i % rare.length]}疫苗` : piece(random, random() < 0.5 ? 3 : 4);
        break;
      case 'multi-word':
        text = noHit
          ? `${piece(random, 2)} ${rare[i % rare.length]}`
          : [piece(random, 2 + Math.floor(random() * 3)), piece(random, 2 + Math.floor(random() * 2))].join(random() < 0.8 ? ' ' : '　');
        break;
      case 'numeric': {
        const term = pickNumeric(random);
        text = noHit ? '99999999' : random() < 0.2 ? fullWidth(term) : term;
        break;
      }
    }
    queries.push({ text, cls });
  }
  const shuffle = seededRandom(seed ^ 0xbeef);
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [queries[i], queries[j]] = [queries[j] as BenchQuery, queries[i] as BenchQuery];
  }
  return queries;
}
