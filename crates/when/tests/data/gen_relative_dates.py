import datetime as dt
D=dt.date
def wd_back(a,w,strict=False):
    b=(a.weekday()-w)%7
    if strict and b==0: b=7
    return a-dt.timedelta(days=b)
def wd_fwd(a,w,strict=False):
    f=(w-a.weekday())%7
    if strict and f==0: f=7
    return a+dt.timedelta(days=f)
def mstart(a,off):
    i=a.year*12+a.month-1+off
    return D(i//12,i%12+1,1)
W=['Monday','Tuesday','Wednesday','Thursday','Friday','Saturday','Sunday']
M=['January','February','March','April','May','June','July','August','September','October','November','December']
anchors=[D(2023,9,13),D(2024,1,2),D(2024,3,1),D(2022,12,30),D(2021,6,6),D(2025,2,28),D(2020,2,29),D(2019,11,18)]
rows=[]
def add(a,exp,prec,s): rows.append((a.isoformat(),exp.isoformat() if exp else '-',prec,s))
past_frames=["The two leaders met on {W}.","Police said protesters clashed with officers on {W} night.","Rebels attacked a convoy near the border on {W}, officials said.","The minister resigned {W} after weeks of pressure.","On {W}, troops crossed the river and seized the bridge.","The ship docked at the port on {W} morning."]
fut_frames=["Negotiations will resume on {W}.","The delegation is expected to arrive on {W}.","Voters will go to the polls on {W}.","The court is scheduled to rule on {W}.","Officials said the talks would continue on {W}."]
for k,a in enumerate(anchors):
    for j,f in enumerate(past_frames):
        w=(k*3+j)%7
        add(a,wd_back(a,w),'day',f.format(W=W[w]))
    for j,f in enumerate(fut_frames):
        w=(k*2+j+1)%7
        add(a,wd_fwd(a,w),'day',f.format(W=W[w]))
    w=(k+4)%7
    add(a,wd_back(a,w,True),'day',f"The envoy visited the capital last {W[w]}.")
    w=(k+2)%7
    add(a,wd_fwd(a,w,True),'day',f"The summit opens next {W[w]}.")
rel=[("Gunmen stormed a hotel yesterday.",-1),("The president speaks today at the parliament.",0),("The army will withdraw tomorrow.",1),
("Residents heard explosions last night.",-1),("The body was found the day before yesterday.",-2),("A ceasefire takes effect the day after tomorrow.",2),
("Earlier in the day, the ministry issued a statement.",0),("The vote was held earlier today.",0),("Three days ago, a bomb exploded in the market.",-3),
("The plane crashed two days ago.",-2),("Aid arrives in 10 days.",10),("The strike began a few days ago.",-3)]
for k,a in enumerate(anchors):
    for j,(s,off) in enumerate(rel):
        if (j+k)%2==0 or j<4:
            add(a,a+dt.timedelta(days=off),'day',s)
per=[("The central bank raised rates last week.",'week',-7),("Talks will resume next week.",'week',7),("Inflation rose last month.",'month',-1),
("Elections are due next month.",'month',1),("The treaty was signed last year.",'year',-1),("The plant will open next year.",'year',1),
("Prices fell sharply earlier this month.",'month',0),("A census was taken earlier this year.",'year',0),("The rebels retreated two weeks ago.",'week',-14),
("The mine collapsed three months ago.",'month',-3),("The museum reopened two years ago.",'year',-2)]
for k,a in enumerate(anchors):
    for j,(s,p,off) in enumerate(per):
        if (j+k)%3==0 or j<2:
            if p=='week': e=a+dt.timedelta(days=off)
            elif p=='month': e=mstart(a,off)
            else: e=D(a.year+off,1,1)
            add(a,e,p,s)
# explicit dates with year
expl=[("The accord was signed on September 13, 2023, in Vladivostok.",D(2023,9,13)),("Fighting broke out on 4 March 2022 near the plant.",D(2022,3,4)),
("The report, dated 2021-07-15, was leaked.",D(2021,7,15)),("The blast occurred on Jan. 6, 2021, officials said.",D(2021,1,6)),
("The referendum took place on 23rd June 2016.",D(2016,6,23)),("Shelling resumed on Feb. 24, 2022.",D(2022,2,24)),("Troops withdrew on 12/25/2019, the army said.",D(2019,12,25))]
for k,(s,e) in enumerate(expl):
    add(anchors[k%len(anchors)],e,'day',s)
    add(anchors[(k+3)%len(anchors)],e,'day',s)
# month-day without year: nearest to anchor
def nearest_md(a,m,d):
    c=[D(y,m,d) for y in (a.year-1,a.year,a.year+1)]
    return min(c,key=lambda x:abs((x-a).days))
def past_md(a,m,d):
    c=[D(y,m,d) for y in (a.year-1,a.year) if D(y,m,d)<=a]
    return c[-1]
md=[("Protests erupted on Sept. 11 in the capital.",9,11,'p'),("The minister met his counterpart on Dec. 28.",12,28,'p'),("Voting ends on Jan. 5 in most districts.",1,5,'u'),
("Lawmakers approved the budget on March 2.",3,2,'p'),("The strike started on 3 June across the country.",6,3,'p'),("A curfew was imposed on Feb. 20.",2,20,'p')]
for k,a in enumerate(anchors):
    for j,(s,m,dd,t) in enumerate(md):
        if (j+k)%2==0:
            add(a,nearest_md(a,m,dd) if t=='u' else past_md(a,m,dd),'day',s)
# month only
def month_past(a,m):
    y=a.year if m<=a.month else a.year-1
    return D(y,m,1)
def month_fut(a,m):
    y=a.year if m>=a.month else a.year+1
    return D(y,m,1)
mp=[("The company collapsed in {M}.",'p'),("North Korea made failed launch attempts in {M} and August.",'p'),("The new law will take effect in {M}.",'f'),("A summit is planned for {M}.",'f')]
for k,a in enumerate(anchors):
    for j,(s,t) in enumerate(mp):
        m=(k*5+j*3)%12+1
        if 'August' in s:
            m=((k+1)%7)+1  # May..? pick months Jan..Jul
            s2=s.format(M=M[m-1])
            add(a,month_past(a,m),'month',s2)
            continue
        s2=s.format(M=M[m-1])
        add(a,month_past(a,m) if t=='p' else month_fut(a,m),'month',s2)
# month + year, year only
my=[("The dam was completed in October 2018.",D(2018,10,1),'month'),("Sanctions were imposed in 2019 and tightened later.",D(2019,1,1),'year'),
("Kim has travelled abroad only a few times, all in 2018 and 2019.",D(2018,1,1),'year'),("The border has been closed since 2020.",D(2020,1,1),'year'),
("Talks collapsed in mid-May 2021.",D(2021,5,15),'month')]
for k,(s,e,p) in enumerate(my):
    add(anchors[k],e,p,s); add(anchors[k+3],e,p,s)
# ranges (start date)
add(D(2023,9,20),D(2023,9,11),'day',"The exercises ran Sept. 11-13 off the coast.")
add(D(2023,9,20),D(2023,9,18),'day',"Delegates met between Monday and Wednesday in Geneva.")
add(D(2022,11,1),D(2022,5,1),'month',"The offensive lasted from May to August.")
add(D(2024,5,5),D(2024,4,10),'day',"Polls were open from April 10 to 12.")
# reporting structure: event date in complement / before trailing attribution
add(D(2023,9,13),D(2023,9,12),'day',"On Wednesday, state media said that the envoy reached the border by train on Tuesday.")
add(D(2023,9,13),D(2023,9,11),'day',"The convoy was ambushed on Monday, the ministry said on Wednesday.")
add(D(2024,1,2),D(2023,12,31),'day',"State media reported on Tuesday that the leader had inspected a missile unit on Sunday.")
add(D(2023,9,13),D(2023,9,13),'day',"After leaving the capital by bus on Sunday, the minister reached the test site earlier in the day.")
# no date expression -> anchor
for k,a in enumerate(anchors):
    s=["The minister stated that Ankara had his full backing.","The two may swap weapons and technology.","Washington is watching the meeting closely.","Analysts said the launch showed improved control systems."][k%4]
    add(a,None,'-',s)
with open('/work/main/crates/when/tests/data/relative_dates.tsv','w') as f:
    f.write("# anchor\texpected (- = no date in the sentence: the anchor)\tprecision\tsentence\n")
    for r in rows: f.write("\t".join(r)+"\n")
print(len(rows))
