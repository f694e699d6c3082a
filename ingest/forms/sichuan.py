"""Sichuan-style blocks: 预算执行情况（10分） and 绩效指标（90分）, 调整后预算数, 权重.

Their rows (总额 / 财政资金 / 财政专户管理资金 / 单位资金) and columns are in the vocabulary and
the execution weight printed in the block title is read for every form (ingest.funds), so the
family differs from the national form only in its name, which reports carry.
"""
from ingest.forms import base, national

FORM = base.derive(national.FORM, "sichuan", "四川式分块自评表（预算执行情况／绩效指标）",
                   markers=("预算执行情况(10分)", "预算执行情况(20分)", "调整后预算数", "财政专户管理资金"))
