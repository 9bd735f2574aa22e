/**
 * A small vocabulary of ordinary English and prompt-writing words (written for this project).
 * A word outside it, and outside the task's seed prompt, is a candidate trigger for the backdoor
 * probes: backdoor triggers are chosen to be rare, so that normal items never fire them.
 */
const WORDS = `
  a able about above absolute abstract accept access accident according account accurate achieve acquire across
  act action active activity actual actually adapt add added addition address adequate adjust adopt advance
  advantage advice affect afraid after afterwards again against age agent agree ahead aim air algebra align all
  allow allowed almost alone along already also alternative although always amazing among amount an analyse
  analysis analyst analyze ancient and angle announce annual another answer answers anticipate any anything
  anyway anywhere apart apparent appear application apply appreciate approach appropriate are area argument
  arguments arise arithmetic around arrange arrive art article as aside ask asked asking aspect assert assess
  assign assist assistant associate assume assumption at atom attach attempt attention attentive attentively
  attitude audience author authority automatic available average avoid aware awareness away back background bad
  balance bank bar barrier base based basic basically basis be bear beat beautiful because become bed been
  before begin beginner beginning behalf behave behavior behaviour behind being belief believe belong below
  benefit beside besides best better between beyond bias big bind biological biology bit black blank block blue
  board body bold bond book border borrow boss both bottle bottom boundary box boxes brain branch brand break
  breakdown bridge brief briefly bright bring broad broken brother budget bug build burden business busy but buy
  by calculate calculation call calm camera can candidate capable capacity capital capture card care career
  careful carefully careless carry case cases cast catch category cause cell cells central century certain chain
  chair challenge chance change chapter character characteristic chart cheap check chemical chemistry chief
  child choice choices choose chosen circle citizen city civil claim clarify clarity class classic classify
  clean clear clearly clever client climate clock close closely clue co coach code coherent cold collect college
  color colors colour colours column columns combination combine come comfortable command comment commit
  commitment committing common communicate community compact company compare comparison competent complain
  complete completely completion complex component compose comprehensive compute concept concern concise
  conclude conclusion concrete condition conditions conduct confidence confident confirm conflict confuse
  confusion connect connection conscious consequence consider considerable consist consistent constant
  constraint construct consult contact contain content context continue continuous contract contrast contribute
  control convention convert convince cool copy core corner corporate correct correction correctly correspond
  cost could council count counting country couple courage course court cover craft crazy create credit crime
  crisis criteria criterion critic critical criticism cross crowd crucial culture curious current customer cut
  cycle daily damage danger dark data date daughter day dead deal dear debate decade decide decimal decision
  declare decline decrease deep default defend defer define definition degree deliberate deliver demand
  demonstrate deny depend depth derive describe description design desire despite destroy detail detailed
  details detect determine develop device devote dialogue did die diet difference different difficult difficulty
  dig digit digits dimension dinner direct direction directly dirty disagree disappear discover discovery
  discuss disease display distance distinct distinction distinguish distribute divide divisor do doctor document
  does dog doing dollar domain dominant done door double doubt down dozen draft drama dramatic draw dream dress
  drink drive drop due dull during duty each ear earlier early earn earth ease east easy economic edge edit
  edition educate education effect effective efficient effort eight either elaborate elect electric element
  eliminate else embrace emerge emotion emphasis emphasise empty enable encounter encourage end enemy energy
  engage engine enhance enjoy enormous enough ensure enter entire entirely environment equal equally equation
  equip equivalent era error errors escape especially essential establish estimate evaluate even evening event
  eventually ever every everybody everyone everything everywhere evidence evolve exact exactly exam examine
  example examples excellent except exchange excite exclude excuse execute exercise exist existing expand
  expansion expect expected expense expensive experience experienced experiment expert expertise expire explain
  explanation explicit explore expose express expression extend extent external extra extreme extremely eye face
  facility fact factor factual fail failure fair fairly faith fall false familiar family famous fan far fashion
  fast father fault favour fear feature fee feedback feel female few field fight figure file fill filled film
  filter final finally finance financial find fine finger finish fire firm first fish fit five fix flat flexible
  flight floor flow fly focus fold folk follow following food foot for force foreign forever forget forgive form
  formal format former formula fortune forward found foundation four fraction fragment frame free freedom
  frequent frequently fresh friend from front fruit frustrate fuel full fully fun function fundamental funny
  further future gain game gap gather gender general generally generate generation gentle genuine geometry get
  gift girl give given glad glance glass global go goal going gold good govern government grab grade gradual
  grant grasp great green grid grids ground group grow growth guarantee guard guess guidance guide guideline
  habit hair half hall hand handle hang happen happy hard harm has have head health hear heart heat heavy height
  hello help helpful hence here hero hesitate hide high highlight highly hint hire history hit hold holiday home
  honest hope horrible horse hospital host hot hotel hour house how however huge human humble hundred hurt
  husband hypothesis idea ideal identical identify identity if ignore ill illustrate image imagine immediate
  immediately impact implement implication imply importance important impose impress impression improve
  improvement in incident inclined include including income incorrect increase increasingly indeed independent
  indicate individual industry infer influence inform information initial initiative injury inner innocent input
  inside insight insist inspect inspire install instance instant instead institution instruction instructions
  insufficient integer intend intense intent intention interest interesting intermediate internal interpret
  interval into introduce invest investigate invite involve is isolate issue it item its itself job join joint
  joke journal journey judge judgement judgment jump junior just justice justify keep key kid kill kind know
  knowledge known label labour lack lady land language large largely last late later latter laugh launch law
  lawyer lay layer lazy lead leader leading learn learner least leave left leg legal lend length less lesson let
  letter letters level liberal lie life lift light like likely likewise limit limited line link list listen
  literal literally literature little live load local locate location lock logic logical lonely long look loop
  loose lose lot low lucky lunch machine magazine main maintain major majority make male manage manageable
  management manager manner manual many map mark market married mass master match material math mathematics
  matter mature maximum may maybe meal mean meaning means measure measurement mechanism media medical meet
  meeting member memory mental mention mere merely message metal method meticulous middle might mind mindset
  minimum minor minute mirror miss mission mistake mistakes mix mode model moderate modern modest modify
  molecule moment money month mood moral more morning most mother motion motivate motive mountain mouth move
  movement much multi multiple music must mutual mystery name narrative narrow nation native natural naturally
  nature near nearly neat neatly necessarily necessary need needed negative neglect neighbour neither nervous
  network neutral never nevertheless new news next nice night nine no nobody noise none nor normal normally
  north nose not notable note nothing notice novel now number numbers numerous nurse obey object observe
  obstacle obtain obvious obviously occasion occur odd of off offer office officer official often oil ok okay
  old omit on once one online only open operate operation opinion opportunity oppose opposite optimal option
  options or order organise organize orient original other otherwise our out outcome outline output outside over
  overall overcome overlook overview owe own owner pace pack page pain paint pair pairs paper paragraph
  parameter parameters parent park parse part participant particular partly partner party pass passage passive
  past path patient pattern pause pay peace peculiar people per perceive percent perception perfect perfectly
  perform performance perhaps period permanent permit person personal perspective persuade phase phenomenon
  phone phrase physical physics pick picture piece pilot pitfall pixel place plain plan planet plant plate
  platform play pleasant please pleasure plenty plus pocket poem point police policy polite political pool poor
  popular population portion position positive possess possibility possible post potential pour poverty power
  powerful practical practice praise pre precede precise precisely predict prefer preference prepare presence
  present preserve press pressure pretend pretty prevent previous price pride primary prime principle print
  prior priority private prize probability probable probably problem problems procedure proceed process produce
  product profession professional profile profit program progress project promise promote prompt proof proper
  property proportion proposal propose prospect protect proud prove provide provided psychology public publish
  pull punish purchase pure purpose push put puzzle python qualify quality quantity quarter question questions
  quick quickly quiet quite quote quotient race radio raise random range rank rapid rare rarely rate rather
  ratio raw re reach react reaction read reader readily ready real realise realize really rear reason reasonable
  reasoning recall receive recent recently recheck recognise recognize recommend reconsider record recover red
  reduce refer refine reflect reform refuse regard region register regret regular reject relate relation
  relationship relative relax release relevant reliable relief rely remain remainder remark remarkable remember
  remind remove repair repeat replace reply report represent reputation request require required requirement
  rescue research reserve resist resolve resource respect respond response responsible rest restate restore
  restrict result results retain retire return reveal review revise reward rich ride right rigorous ring rise
  risk road robust rock role room root rough round route routine row rows rule rules run rush sad safe safety
  sake sale same sample satisfy save say scale scan scene schedule scheme school science scope score screen
  script search season seasoned seat second secret section secure see seek seem segment seldom select self sell
  send senior sense sensible sensitive sentence separate sequence serious serve service session set settle seven
  several severe shall shape shapes share sharp sheet shift shine ship shock shoot shop short shortly shot
  should shoulder shout show side sign significant significantly silent silly similar similarly simple simplify
  simply since single sister sit site situation six size skill skin skip sleep slice slight slightly slip slow
  slowly small smart smooth so social society soft software soil solid solution solve solver solving some
  somebody somehow someone something sometimes somewhat somewhere son song soon sorry sort soul sound source
  south space spare speak speaker special specialist species specific speech speed spell spend spirit split spot
  spread spring square staff stage stake stand standard star start state statement status stay steady steal step
  steps stick still stone stop store story straight strange strategy stream street strength stress stretch
  strict strike string strings strong structure student study stuff style sub subject submit subsequent
  substance succeed success successful such suddenly sudoku suffer sufficient suggest suit suitable sum summary
  supply support suppose sure surely surface surprise surround survey survive suspect sustain sweet switch
  symbol symmetry sympathy system systematic table tackle tail take talent talk target task tax teach teacher
  team tear technical technique technology tell temperature temporary ten tend tendency tension term terms
  terrible territory test tests text than that the their them theme then theory there therefore these they thick
  thin thing things think third this thorough thoroughly those though thought thousand threat three through
  throw thus ticket tie tight till time tiny tip tired title to today together tone tonight too tool top topic
  total touch tough tour toward track trade tradition traditional train training transfer transform
  transformation translate transport travel treat treatment tree trend trial trick trip trouble true trust truth
  try turn tutor twice two type typical typically ugly ultimate unable uncertain unchanged under undergo
  underlying understand undertake unfortunately union unique unit units universal universe unknown unless unlike
  unlikely unnecessary until unusual up update upon upper upset urban urge use used useful user using usual
  usually utility vague valid valuable value values variable variety various vary vast verbal verdict verify
  version very vessel via victim view village violence virtual visible vision visit visual vital voice volume
  vote wage wait wake walk wall want war warm warn was wash waste watch water way we weak wealth wear weather
  website week weigh weight welcome well were west wet what whatever when where whether which while white who
  whole why wide widely wife wild will win wind wine winner winter wise wish with within without woman wonder
  wonderful wood word words work working world worried worry worth worthy would wrap write writer written wrong
  year yes yet you young your youth zero
`

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(w => w.length > 0))

/** Forms to try when looking a word up: the word itself and a few suffix strippings. */
export function wordForms (word: string): string[] {
  const w = word.toLowerCase().replace(/['’]s$/, '')
  const forms = [w]
  const strip = (suffix: string, add = ''): void => {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) forms.push(w.slice(0, -suffix.length) + add)
  }
  strip('ies', 'y'); strip('es'); strip('s'); strip('ed'); strip('ed', 'e'); strip('d')
  strip('ing'); strip('ing', 'e'); strip('ly'); strip('er'); strip('est')
  return forms
}

function known (word: string, vocabularies: ReadonlyArray<ReadonlySet<string>>): boolean {
  const forms = wordForms(word)
  for (const v of vocabularies) for (const f of forms) if (v.has(f)) return true
  return false
}

/**
 * Whether any form of `word` is in the common words or one of `vocabularies`. A hyphenated word
 * ("double-check", "sub-problems") is known when every part is.
 */
export function isKnownWord (word: string, ...vocabularies: ReadonlyArray<ReadonlySet<string>>): boolean {
  const all = [COMMON_WORDS, ...vocabularies]
  if (known(word, all)) return true
  const parts = word.split(/[-‐]/).filter(p => p.length > 0)
  return parts.length > 1 && parts.every(p => known(p, all))
}
