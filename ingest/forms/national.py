"""The national project form (财预〔2020〕10号 style): the chain every other family starts from."""
from ingest.forms.base import Form

FORM = Form(
    name="national",
    title="项目支出绩效自评表（全国通用格式）",
    markers=("年度资金总额", "三级指标", "全年预算数", "全年执行数", "项目资金", "指标名称"),
)
