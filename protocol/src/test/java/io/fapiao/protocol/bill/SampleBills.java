package io.fapiao.protocol.bill;

import io.fapiao.protocol.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic, valid demo and test data: medical e-bills, VAT invoice requests and unified social
 * credit codes, generated deterministically from a {@code long} seed. The demo, the benchmarks and
 * the tests of other modules use these, so the same seed gives the same document on every machine
 * and every run (only {@link java.util.Random}, whose algorithm is fixed by its specification, is
 * used).
 *
 * <p>Test data, so not in the protocol jar that every service carries: it ships in protocol's test
 * jar, which tests depend on and the {@code development} module passes on to the demo and the bench.
 *
 * <p>The data looks like the real thing: Chinese patient and clerk names, district hospitals,
 * national-style charge codes (9-digit medical-service codes, {@code X…} drug codes, {@code C…}
 * consumable codes), resident id numbers with real region codes and correct check digits,
 * insurance splits between the pooled fund, the personal account and cash. Every generated bill
 * and request satisfies all the rules of {@link Bill} and {@link InvoiceRequest}. Within one issuer,
 * different seeds give different bill ids, and each kind of bill has its own id prefix
 * ({@code MZ} outpatient, {@code ZY} inpatient, {@code ZX} sized), so bills of one kind from
 * distinct seeds never collide.
 *
 * <pre>{@code
 * String hospital = SampleBills.uscc(1);
 * Bill visit = SampleBills.outpatient(42, hospital);          // a few items, often self-paid
 * Bill stay = SampleBills.inpatient(42, hospital);            // dozens of items, insurance split
 * Bill big = SampleBills.ofApproximateSize(7, hospital, 32 * 1024);
 * InvoiceRequest order = SampleBills.invoiceRequest(3, SampleBills.uscc(2));
 * }</pre>
 */
public final class SampleBills {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final String OFFSET = "+08:00";
    /** Within this many bytes of a size target, {@link #ofApproximateSize} measures instead of estimating. */
    private static final int NEAR_TARGET = 64;

    /** Region code, and the district's name as used in an institution's name. */
    private record Region(String code, String name) {}

    private static final Region[] REGIONS = {
        new Region("110105", "北京市朝阳区"), new Region("110108", "北京市海淀区"),
        new Region("120101", "天津市和平区"), new Region("310104", "上海市徐汇区"),
        new Region("310115", "上海市浦东新区"), new Region("320102", "南京市玄武区"),
        new Region("330106", "杭州市西湖区"), new Region("350102", "福州市鼓楼区"),
        new Region("370202", "青岛市市南区"), new Region("420106", "武汉市武昌区"),
        new Region("430104", "长沙市岳麓区"), new Region("440106", "广州市天河区"),
        new Region("440305", "深圳市南山区"), new Region("500103", "重庆市渝中区"),
        new Region("510107", "成都市武侯区"), new Region("610113", "西安市雁塔区"),
    };
    private static final String[] HOSPITAL_KINDS = {
        "人民医院", "第一人民医院", "第二人民医院", "中医医院", "妇幼保健院", "中西医结合医院", "社区卫生服务中心",
    };
    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
        "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳", "司马",
    };
    private static final String[] GIVEN = {
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英",
        "建华", "志强", "晓东", "子涵", "浩然", "欣怡", "梓萱", "宇轩", "思远", "雨桐", "嘉怡", "俊杰", "文博", "海燕", "春梅", "国庆", "立新", "淑珍",
    };
    private static final String[] DEPARTMENTS = {
        "内科", "外科", "儿科", "妇产科", "眼科", "耳鼻咽喉科", "口腔科", "皮肤科", "中医科", "急诊科", "骨科", "心血管内科",
    };
    private static final String[] INPATIENT_DEPARTMENTS = {"普外科", "骨科", "心血管内科", "呼吸内科", "神经内科", "妇产科"};

    /** A catalogue entry: charge code, name, category, unit price in yuan, and a quantity range. */
    private record Charge(String code, String name, ItemCategory category, String unitPrice, int minQty, int maxQty) {}

    private static final Charge[] REGISTRATION = {
        new Charge("110200001", "普通门诊诊查费", ItemCategory.REGISTRATION, "10.00", 1, 1),
        new Charge("110200002", "副主任医师诊查费", ItemCategory.REGISTRATION, "25.00", 1, 1),
        new Charge("110200003", "主任医师诊查费", ItemCategory.REGISTRATION, "40.00", 1, 1),
        new Charge("110200005", "急诊诊查费", ItemCategory.REGISTRATION, "15.00", 1, 1),
    };
    private static final Charge[] CATALOGUE = {
        new Charge("XJ01CAA040A001010104513", "阿莫西林胶囊 0.25g*24粒", ItemCategory.WESTERN_MEDICINE, "12.50", 1, 3),
        new Charge("XJ01DDC151A001010201843", "头孢克肟分散片 0.1g*6片", ItemCategory.WESTERN_MEDICINE, "23.80", 1, 2),
        new Charge("XM01AEB161E001010102273", "布洛芬缓释胶囊 0.3g*20粒", ItemCategory.WESTERN_MEDICINE, "16.35", 1, 2),
        new Charge("XA02BCA065E001010101664", "奥美拉唑肠溶胶囊 20mg*14粒", ItemCategory.WESTERN_MEDICINE, "18.60", 1, 3),
        new Charge("XB05BBA039B002010100125", "0.9%氯化钠注射液 250ml", ItemCategory.WESTERN_MEDICINE, "3.4500", 1, 6),
        new Charge("XJ01MAL064A001010103375", "盐酸左氧氟沙星片 0.5g*4片", ItemCategory.WESTERN_MEDICINE, "19.90", 1, 2),
        new Charge("XB01ACA056A012010100952", "阿司匹林肠溶片 100mg*30片", ItemCategory.WESTERN_MEDICINE, "15.68", 1, 3),
        new Charge("XA10BAD004A001010402286", "盐酸二甲双胍片 0.5g*20片", ItemCategory.WESTERN_MEDICINE, "0.3650", 20, 60),
        new Charge("XC08CAA117A001010105016", "苯磺酸氨氯地平片 5mg*7片", ItemCategory.WESTERN_MEDICINE, "9.12", 1, 4),
        new Charge("ZA01BAL0326010302738", "连花清瘟胶囊 0.35g*24粒", ItemCategory.CHINESE_PATENT_MEDICINE, "14.80", 1, 2),
        new Charge("ZA12BAF0143010201562", "复方丹参滴丸 27mg*180丸", ItemCategory.CHINESE_PATENT_MEDICINE, "28.50", 1, 2),
        new Charge("ZA04AAH0178020104318", "藿香正气水 10ml*10支", ItemCategory.CHINESE_PATENT_MEDICINE, "9.80", 1, 2),
        new Charge("ZA01CAB0063010109921", "板蓝根颗粒 10g*20袋", ItemCategory.CHINESE_PATENT_MEDICINE, "17.00", 1, 3),
        new Charge("T001700643", "黄芪(饮片)", ItemCategory.CHINESE_HERBAL_MEDICINE, "0.085", 60, 210),
        new Charge("T001700581", "当归(饮片)", ItemCategory.CHINESE_HERBAL_MEDICINE, "0.2150", 30, 140),
        new Charge("T001700209", "党参(饮片)", ItemCategory.CHINESE_HERBAL_MEDICINE, "0.168", 60, 210),
        new Charge("T000500136", "甘草(饮片)", ItemCategory.CHINESE_HERBAL_MEDICINE, "0.0520", 21, 70),
        new Charge("T001000357", "茯苓(饮片)", ItemCategory.CHINESE_HERBAL_MEDICINE, "0.0730", 60, 210),
        new Charge("210102015", "胸部正位数字化摄影(DR)", ItemCategory.EXAMINATION, "70.00", 1, 1),
        new Charge("220201001", "腹部彩色多普勒超声检查", ItemCategory.EXAMINATION, "160.00", 1, 1),
        new Charge("310701001", "常规心电图检查", ItemCategory.EXAMINATION, "25.00", 1, 1),
        new Charge("210300001", "X线计算机体层(CT)平扫(头颅)", ItemCategory.EXAMINATION, "190.00", 1, 1),
        new Charge("210200001", "磁共振平扫(腰椎)", ItemCategory.EXAMINATION, "480.00", 1, 1),
        new Charge("250101015", "血细胞分析(血常规)", ItemCategory.LABORATORY, "20.00", 1, 2),
        new Charge("250102035", "尿液分析(尿常规)", ItemCategory.LABORATORY, "10.00", 1, 1),
        new Charge("250305001", "肝功能检查(组合)", ItemCategory.LABORATORY, "58.00", 1, 1),
        new Charge("250307005", "肾功能检查(组合)", ItemCategory.LABORATORY, "42.00", 1, 1),
        new Charge("250302001", "葡萄糖测定(血糖)", ItemCategory.LABORATORY, "6.00", 1, 3),
        new Charge("250403007", "C反应蛋白测定(CRP)", ItemCategory.LABORATORY, "30.00", 1, 1),
        new Charge("120400006", "静脉输液", ItemCategory.TREATMENT, "8.00", 1, 3),
        new Charge("120400001", "肌肉注射", ItemCategory.TREATMENT, "3.00", 1, 2),
        new Charge("311000016", "雾化吸入", ItemCategory.TREATMENT, "12.00", 1, 3),
        new Charge("120700001", "大换药", ItemCategory.TREATMENT, "28.00", 1, 2),
        new Charge("410100001", "普通针刺", ItemCategory.TREATMENT, "25.00", 1, 5),
        new Charge("120800001", "氧气吸入(小时)", ItemCategory.TREATMENT, "2.50", 1, 12),
        new Charge("C0301010160000012307", "一次性使用输液器(带针)", ItemCategory.MATERIAL, "2.80", 1, 3),
        new Charge("C0301020170000020816", "一次性使用无菌注射器 5ml", ItemCategory.MATERIAL, "0.60", 1, 4),
        new Charge("C1404010050000031274", "医用脱脂纱布块", ItemCategory.MATERIAL, "1.20", 2, 10),
        new Charge("C0301040020000017705", "静脉留置针", ItemCategory.MATERIAL, "15.00", 1, 2),
    };
    private static final Charge[] SURGERY = {
        new Charge("331003001", "阑尾切除术", ItemCategory.SURGERY, "800.00", 1, 1),
        new Charge("331001006", "腹腔镜下胆囊切除术", ItemCategory.SURGERY, "1800.00", 1, 1),
        new Charge("330100001", "全身麻醉", ItemCategory.SURGERY, "600.00", 1, 1),
        new Charge("311000032", "清创缝合术(中)", ItemCategory.SURGERY, "120.00", 1, 1),
    };
    private static final Charge[] BEDS = {
        new Charge("110900001", "普通病房床位费(三人间)", ItemCategory.BED, "40.00", 1, 1),
        new Charge("110900002", "普通病房床位费(双人间)", ItemCategory.BED, "60.00", 1, 1),
    };
    private static final Charge[] NURSING = {
        new Charge("120100002", "一级护理", ItemCategory.NURSING, "28.00", 1, 1),
        new Charge("120100003", "二级护理", ItemCategory.NURSING, "18.00", 1, 1),
    };
    private static final Charge[] OTHER = {
        new Charge("111000001", "救护车费(市区)", ItemCategory.OTHER, "50.00", 1, 1),
        new Charge("130200001", "病历工本费", ItemCategory.OTHER, "1.00", 1, 1),
    };

    /** A VAT catalogue entry: line name, rate, and price including tax in yuan. */
    private record Goods(String name, String taxRate, String priceWithTax, int minQty, int maxQty) {}

    private static final Goods[] GOODS = {
        new Goods("*计算机*笔记本电脑", "0.13", "5999.00", 1, 5),
        new Goods("*计算机外部设备*液晶显示器", "0.13", "1299.00", 1, 10),
        new Goods("*日用杂品*不锈钢保温杯", "0.13", "89.90", 1, 20),
        new Goods("*乳制品*纯牛奶 250ml*24盒", "0.13", "69.80", 1, 30),
        new Goods("*纸制品*A4复印纸 70g 500张*5包", "0.13", "135.00", 1, 50),
        new Goods("*图书*现代汉语词典(第7版)", "0.09", "90.00", 1, 10),
        new Goods("*谷物*东北大米 10kg", "0.09", "79.00", 1, 20),
        new Goods("*运输服务*国内道路货物运输服务", "0.09", "1200.00", 1, 3),
        new Goods("*信息技术服务*软件开发服务", "0.06", "30000.00", 1, 1),
        new Goods("*现代服务*技术咨询服务费", "0.06", "8000.00", 1, 2),
        new Goods("*餐饮服务*餐费", "0.06", "680.00", 1, 1),
        new Goods("*经营租赁*办公室租赁", "0.05", "15000.00", 1, 3),
        new Goods("*文具*中性笔 0.5mm*12支", "0.03", "24.00", 1, 40),
        new Goods("*劳务*保洁服务", "0.01", "3500.00", 1, 2),
        new Goods("*出口货物*陶瓷茶具套装", "0", "260.00", 1, 100),
    };
    private static final String[] COMPANIES = {
        "杭州云帆科技有限公司", "上海申通物流有限公司", "深圳市前海智联信息技术有限公司", "北京京华图书贸易有限公司",
        "广州市天河区晨光文具店", "成都蜀味餐饮管理有限公司", "南京金陵办公用品有限公司", "武汉长江医疗器械有限公司",
    };

    private SampleBills() {}

    /**
     * A valid unified social credit code: registration authority and category (a public
     * institution {@code 12}, an enterprise {@code 91}, a private non-enterprise unit {@code 52},
     * an individual business {@code 92}), a real region code, a 9-character organisation code with
     * its own GB 11714 check character, and the GB 32100 check character.
     */
    public static String uscc(long seed) {
        Random rng = rng(seed, 0x55CC);
        String[] kinds = {"12", "12", "91", "91", "91", "52", "92"};
        StringBuilder code = new StringBuilder(18)
                .append(pick(rng, kinds))
                .append(pick(rng, REGIONS).code());
        StringBuilder organisation = new StringBuilder(8);
        if (rng.nextInt(3) == 0) {
            organisation.append("MA");
        }
        while (organisation.length() < 8) {
            organisation.append(
                    rng.nextInt(3) == 0
                            ? Uscc.ALPHABET.charAt(10 + rng.nextInt(Uscc.ALPHABET.length() - 10))
                            : (char) ('0' + rng.nextInt(10)));
        }
        code.append(organisation).append(organisationCheck(organisation));
        return code.append(Uscc.checkDigit(code.toString())).toString();
    }

    /**
     * An outpatient bill: a consultation and one to seven further charges, issued during the day
     * in 2024 or 2025; self-paid, employee or resident insurance.
     *
     * @throws IllegalArgumentException if {@code issuerUscc} is not a valid unified social credit code
     */
    public static Bill outpatient(long seed, String issuerUscc) {
        requireUscc(issuerUscc);
        Random rng = rng(seed, 0x4D5A);
        LocalDateTime issued = EPOCH.plusDays(rng.nextInt(731))
                .plusMinutes(7 * 60 + 30 + rng.nextInt(12 * 60))
                .plusSeconds(rng.nextInt(60));
        List<BillItem> items = new ArrayList<>();
        items.add(item(rng, pick(rng, REGISTRATION)));
        int more = 1 + rng.nextInt(7);
        for (int i = 0; i < more; i++) {
            items.add(item(rng, pick(rng, CATALOGUE)));
        }
        String remarks = switch (rng.nextInt(3)) {
            case 0 -> null;
            case 1 -> "门诊号:MZ" + issued.format(DAY) + digits(rng, 4) + "；就诊科室:" + pick(rng, DEPARTMENTS);
            default -> "就诊科室:" + pick(rng, DEPARTMENTS);
        };
        return bill(rng, issuerUscc, "01", "MZ" + id(seed), issued, items, remarks, 0.0, 0.6);
    }

    /**
     * An inpatient bill: 2 to 15 days of bed and nursing, often surgery, and 20 to 80 charges in
     * all, settled mostly by the insurance fund, some from the personal account and the rest in cash.
     *
     * @throws IllegalArgumentException if {@code issuerUscc} is not a valid unified social credit code
     */
    public static Bill inpatient(long seed, String issuerUscc) {
        requireUscc(issuerUscc);
        Random rng = rng(seed, 0x5A59);
        LocalDateTime issued = dischargeTime(rng);
        int days = 2 + rng.nextInt(14);
        List<BillItem> items = stay(rng, days);
        int count = 20 + rng.nextInt(61);
        while (items.size() < count) {
            items.add(item(rng, pick(rng, CATALOGUE)));
        }
        return bill(
                rng, issuerUscc, "02", "ZY" + id(seed), issued, items, inpatientRemarks(rng, issued, days), 0.5, 0.85);
    }

    /**
     * An inpatient-style bill grown until its JSON, as written by {@link Json#mapper()}, is about
     * {@code canonicalJsonBytes} long: never longer, and short of it by less than one item (at
     * most about 200 bytes), unless the smallest such bill (two to five items, roughly 1 KB) is
     * already longer, in which case that bill is returned. 2 KB and 32 KB bills are typical; the
     * {@value Bill#MAX_ITEMS}-item limit caps the size at roughly 135 KB (100 000 bytes is always
     * reachable).
     *
     * @throws IllegalArgumentException if {@code issuerUscc} is invalid, or the size cannot be
     *     reached within {@value Bill#MAX_ITEMS} items
     */
    public static Bill ofApproximateSize(long seed, String issuerUscc, int canonicalJsonBytes) {
        requireUscc(issuerUscc);
        Random rng = rng(seed, 0x5A58);
        LocalDateTime issued = dischargeTime(rng);
        int days = 2 + rng.nextInt(14);
        String remarks = inpatientRemarks(rng, issued, days);
        List<BillItem> items = stay(rng, days);
        long seedOfSplit = rng.nextLong();
        String billId = "ZX" + id(seed);

        // Far from the target, grow by estimate: an item adds its own JSON and a comma (the total and
        // insurance parts gaining a digit or two add a few bytes more, hence the margin). Near it,
        // measure each candidate exactly and stop at the first item that would overshoot.
        int size = size(sized(seedOfSplit, issuerUscc, billId, issued, items, remarks));
        while (true) {
            BillItem next = item(rng, pick(rng, CATALOGUE));
            int grows = size(next) + 1;
            if (size + grows + NEAR_TARGET <= canonicalJsonBytes) {
                if (items.size() == Bill.MAX_ITEMS) {
                    throw new IllegalArgumentException(
                            "a bill of " + canonicalJsonBytes + " bytes needs more than " + Bill.MAX_ITEMS + " items; "
                                    + Bill.MAX_ITEMS + " items reach only about " + size + " bytes");
                }
                items.add(next);
                size += grows;
                continue;
            }
            if (items.size() == Bill.MAX_ITEMS) {
                return sized(seedOfSplit, issuerUscc, billId, issued, items, remarks);
            }
            items.add(next);
            int exact = size(sized(seedOfSplit, issuerUscc, billId, issued, items, remarks));
            if (exact > canonicalJsonBytes) {
                items.remove(items.size() - 1);
                return sized(seedOfSplit, issuerUscc, billId, issued, items, remarks);
            }
            size = exact;
        }
    }

    /** The sized bill around {@code items}: the same header and split for the same seed, whatever the items. */
    private static Bill sized(
            long seedOfSplit,
            String issuerUscc,
            String billId,
            LocalDateTime issued,
            List<BillItem> items,
            String remarks) {
        return bill(new Random(seedOfSplit), issuerUscc, "02", billId, issued, items, remarks, 0.5, 0.85);
    }

    /**
     * A VAT invoice request from an e-commerce or ERP system: one to eight lines at their proper
     * rates, unit prices derived from tax-inclusive shelf prices, to a company buyer (with a USCC)
     * or to a private person (without).
     *
     * @throws IllegalArgumentException if {@code sellerUscc} is not a valid unified social credit code
     */
    public static InvoiceRequest invoiceRequest(long seed, String sellerUscc) {
        requireUscc(sellerUscc);
        Random rng = rng(seed, 0x494E);
        LocalDateTime issued = EPOCH.plusSeconds(rng.nextInt(731 * 24 * 3600));
        InvoiceParty seller = new InvoiceParty(pick(rng, COMPANIES), sellerUscc);
        InvoiceParty buyer = rng.nextBoolean()
                ? new InvoiceParty(pick(rng, COMPANIES), uscc(rng.nextLong()))
                : new InvoiceParty(name(rng), null);
        List<InvoiceLine> lines = new ArrayList<>();
        long totalAmount = 0;
        long totalTax = 0;
        int count = 1 + rng.nextInt(8);
        for (int i = 0; i < count; i++) {
            Goods goods = pick(rng, GOODS);
            BigDecimal rate = new BigDecimal(goods.taxRate());
            BigDecimal exact = new BigDecimal(goods.priceWithTax())
                    .divide(BigDecimal.ONE.add(rate), 6, RoundingMode.HALF_UP)
                    .stripTrailingZeros();
            String unitPrice = exact.scale() < 2 ? exact.setScale(2).toPlainString() : exact.toPlainString();
            String quantity = Integer.toString(goods.minQty() + rng.nextInt(goods.maxQty() - goods.minQty() + 1));
            long amount = Rules.lineAmount(new BigDecimal(quantity), new BigDecimal(unitPrice))
                    .longValueExact();
            long tax = InvoiceRequestRules.tax(amount, rate).longValueExact();
            lines.add(new InvoiceLine(goods.name(), quantity, unitPrice, goods.taxRate(), amount, tax));
            totalAmount += amount;
            totalTax += tax;
        }
        String remarks = rng.nextInt(3) == 0 ? null : "订单号:" + issued.format(DAY) + digits(rng, 10);
        return new InvoiceRequest(
                "ORD-" + issued.format(DAY) + "-" + id(seed),
                seller,
                buyer,
                issued.format(LOCAL) + OFFSET,
                lines,
                totalAmount,
                totalTax,
                totalAmount + totalTax,
                remarks);
    }

    // --- pieces ------------------------------------------------------------------------------

    private static Bill bill(
            Random rng,
            String issuerUscc,
            String billKind,
            String billId,
            LocalDateTime issued,
            List<BillItem> items,
            String remarks,
            double fundMin,
            double fundMax) {
        long total = 0;
        for (BillItem item : items) {
            total += item.amount();
        }
        Region region = regionOf(issuerUscc, rng);
        String billCode = region.code().substring(0, 2) + "06" + billKind
                + issued.format(DAY).substring(2, 4);
        String hospital = region.name() + pick(rng, HOSPITAL_KINDS);
        return new Bill(
                billCode,
                billId,
                issuerUscc,
                hospital,
                issued.format(LOCAL) + OFFSET,
                payer(rng, issued.toLocalDate()),
                items,
                total,
                split(rng, total, fundMin, fundMax),
                name(rng),
                remarks);
    }

    /** Three in ten self-paid; else insured, with a fund share in [fundMin, fundMax) and often some personal account. */
    private static InsuranceSplit split(Random rng, long total, double fundMin, double fundMax) {
        if (rng.nextInt(10) < 3) {
            return InsuranceSplit.selfPaid(total);
        }
        double share = fundMin + (fundMax - fundMin) * rng.nextDouble();
        long fund = Math.min(total, (long) Math.floor(total * share));
        long rest = total - fund;
        long account = rng.nextBoolean() ? Math.min(rest, (long) Math.floor(rest * rng.nextDouble())) : 0;
        return new InsuranceSplit(fund, account, rest - account);
    }

    private static List<BillItem> stay(Random rng, int days) {
        List<BillItem> items = new ArrayList<>();
        items.add(item(pick(rng, BEDS), Integer.toString(days)));
        items.add(item(pick(rng, NURSING), Integer.toString(days)));
        if (rng.nextInt(3) > 0) {
            items.add(item(rng, pick(rng, SURGERY)));
            items.add(item(rng, SURGERY[2]));
        }
        if (rng.nextInt(4) == 0) {
            items.add(item(rng, pick(rng, OTHER)));
        }
        return items;
    }

    private static BillItem item(Random rng, Charge charge) {
        int quantity = charge.minQty() + rng.nextInt(charge.maxQty() - charge.minQty() + 1);
        boolean half = charge.name().contains("小时") && rng.nextInt(4) == 0;
        return item(charge, quantity + (half ? ".5" : ""));
    }

    private static BillItem item(Charge charge, String quantity) {
        long amount = Rules.lineAmount(new BigDecimal(quantity), new BigDecimal(charge.unitPrice()))
                .longValueExact();
        return new BillItem(
                charge.code(), charge.name(), charge.category().name(), quantity, charge.unitPrice(), amount);
    }

    private static Payer payer(Random rng, LocalDate issueDate) {
        String name = name(rng);
        int kind = rng.nextInt(40);
        if (kind == 0) {
            return new Payer(name, IdType.PASSPORT.name(), "E" + digits(rng, 8));
        }
        if (kind == 1) {
            return new Payer(name, IdType.OTHER.name(), "医保卡" + digits(rng, 10));
        }
        LocalDate born = issueDate.minusDays(1 + rng.nextInt(85 * 365));
        String first17 = pick(rng, REGIONS).code() + born.format(DAY) + digits(rng, 3);
        return new Payer(name, IdType.RESIDENT_ID.name(), first17 + ResidentId.checkDigit(first17));
    }

    private static LocalDateTime dischargeTime(Random rng) {
        return EPOCH.plusDays(rng.nextInt(731))
                .plusMinutes(8 * 60 + rng.nextInt(9 * 60))
                .plusSeconds(rng.nextInt(60));
    }

    private static String inpatientRemarks(Random rng, LocalDateTime discharged, int days) {
        LocalDate admitted = discharged.toLocalDate().minusDays(days);
        return "住院号:ZY" + discharged.format(DAY).substring(0, 4) + digits(rng, 6)
                + "；科室:" + pick(rng, INPATIENT_DEPARTMENTS)
                + "\n入院日期:" + admitted + "；出院日期:" + discharged.toLocalDate() + "；住院天数:" + days + "天";
    }

    private static String name(Random rng) {
        String given = pick(rng, GIVEN);
        if (given.length() == 1 && rng.nextBoolean()) {
            given += pick(rng, GIVEN).charAt(0);
        }
        return pick(rng, SURNAMES) + given;
    }

    /** The region named by a USCC's characters 3–8, when it is one this class knows; else a random one. */
    private static Region regionOf(String uscc, Random rng) {
        String code = uscc.substring(2, 8);
        for (Region region : REGIONS) {
            if (region.code().equals(code)) {
                return region;
            }
        }
        return pick(rng, REGIONS);
    }

    /** The GB 11714 check character of an 8-character organisation code body. */
    private static char organisationCheck(CharSequence body) {
        int[] weights = {3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = body.charAt(i);
            sum += (c <= '9' ? c - '0' : c - 'A' + 10) * weights[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    private static void requireUscc(String uscc) {
        if (!Uscc.isValid(uscc)) {
            throw new IllegalArgumentException("not a valid unified social credit code: " + Uscc.quote(uscc));
        }
    }

    /** Distinct seeds give distinct ids: the seed as an unsigned decimal, at least 10 digits. */
    private static String id(long seed) {
        String digits = Long.toUnsignedString(seed);
        return "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    private static String digits(Random rng, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + rng.nextInt(10)));
        }
        return s.toString();
    }

    private static Random rng(long seed, long salt) {
        return new Random(seed * 0x9E3779B97F4A7C15L + salt);
    }

    private static <T> T pick(Random rng, T[] options) {
        return options[rng.nextInt(options.length)];
    }

    private static int size(Object value) {
        return Json.mapper().writeValueAsBytes(value).length;
    }
}
